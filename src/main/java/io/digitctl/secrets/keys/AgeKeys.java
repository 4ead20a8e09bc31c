package io.digitctl.secrets.keys;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.armor.ArmoredDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.armor.ArmoredEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import io.digitctl.model.DigitctlException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/** age identities found where sops looks, and wrapping a data key for age recipients. */
public final class AgeKeys {
    private static final String SECRET_KEY_PREFIX = "AGE-SECRET-KEY-1";

    private final List<String> identities;
    private final List<String> searched;

    private AgeKeys(List<String> identities, List<String> searched) {
        this.identities = identities;
        this.searched = searched;
    }

    public static AgeKeys load(KeySettings settings) {
        List<String> identities = new ArrayList<>();
        List<String> searched = new ArrayList<>();
        for (Path file : settings.ageKeyFiles()) {
            if (!Files.isRegularFile(file)) {
                throw new DigitctlException("age key file " + file + " does not exist.");
            }
            identities.addAll(readFile("--age-key-file ", file, searched));
        }
        String inline = settings.env("SOPS_AGE_KEY");
        searched.add("SOPS_AGE_KEY (" + (inline == null ? "not set" : "set") + ")");
        if (inline != null) {
            identities.addAll(parse(inline));
        }
        String file = settings.env("SOPS_AGE_KEY_FILE");
        if (file == null) {
            searched.add("SOPS_AGE_KEY_FILE (not set)");
        } else {
            identities.addAll(readFile("SOPS_AGE_KEY_FILE=", Path.of(file), searched));
        }
        identities.addAll(readFile("", settings.ageKeysFile(), searched));
        return new AgeKeys(List.copyOf(identities), List.copyOf(searched));
    }

    private static List<String> readFile(String label, Path file, List<String> searched) {
        if (!Files.isRegularFile(file)) {
            searched.add(label + file + " (not found)");
            return List.of();
        }
        try {
            List<String> found = parse(Files.readString(file, StandardCharsets.UTF_8));
            searched.add(label + file + " (" + found.size() + " identit" + (found.size() == 1 ? "y" : "ies") + ")");
            return found;
        } catch (IOException e) {
            searched.add(label + file + " (unreadable: " + e.getMessage() + ")");
            return List.of();
        }
    }

    /** Identity lines of a keys file; blank lines and # comments are skipped. */
    static List<String> parse(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            String l = line.strip();
            if (l.startsWith(SECRET_KEY_PREFIX)) {
                out.add(l);
            }
        }
        return out;
    }

    public boolean isEmpty() {
        return identities.isEmpty();
    }

    public List<String> searched() {
        return searched;
    }

    /** The payload of an armored age file, or null when none of the identities opens it. */
    public byte[] unwrap(String armored) {
        if (identities.isEmpty()) {
            return null;
        }
        try {
            List<RecipientStanzaReader> readers = new ArrayList<>();
            for (String identity : identities) {
                readers.add(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identity));
            }
            ReadableByteChannel in = Channels.newChannel(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)));
            try (ReadableByteChannel decrypting = new ArmoredDecryptingChannelFactory().newDecryptingChannel(in, readers);
                 InputStream stream = Channels.newInputStream(decrypting)) {
                return stream.readAllBytes();
            }
        } catch (GeneralSecurityException | IOException e) {
            return null;
        }
    }

    /** An armored age file holding the payload for one recipient ({@code age1...}). */
    public static String wrap(byte[] payload, String recipient) {
        try {
            List<RecipientStanzaWriter> writers = List.of(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipient));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (WritableByteChannel encrypting = new ArmoredEncryptingChannelFactory().newEncryptingChannel(Channels.newChannel(out), writers)) {
                encrypting.write(ByteBuffer.wrap(payload));
            }
            String armored = out.toString(StandardCharsets.US_ASCII);
            return armored.endsWith("\n") ? armored : armored + "\n";
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new DigitctlException("Cannot encrypt to age recipient '" + recipient + "': " + e.getMessage()
                    + ". An age recipient looks like age1 followed by 58 letters and digits.");
        }
    }
}
