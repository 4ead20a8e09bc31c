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
    private final List<String> warnings;

    private AgeKeys(List<String> identities, List<String> searched, List<String> warnings) {
        this.identities = identities;
        this.searched = searched;
        this.warnings = warnings;
    }

    /**
     * Every identity of every place sops looks. A malformed identity is a warning naming its
     * place and line, and the other identities are still used; a folder given as a key file is an
     * error.
     */
    public static AgeKeys load(KeySettings settings) {
        List<String> identities = new ArrayList<>();
        List<String> searched = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Path file : settings.ageKeyFiles()) {
            if (Files.isDirectory(file)) {
                throw new DigitctlException("The age key file " + file + " (--age-key-file) is a folder, not a file. Give the identity file itself.");
            }
            if (!Files.isRegularFile(file)) {
                throw new DigitctlException("age key file " + file + " does not exist.");
            }
            identities.addAll(readFile("--age-key-file ", file, searched, warnings));
        }
        String inline = settings.env("SOPS_AGE_KEY");
        searched.add("SOPS_AGE_KEY (" + (inline == null ? "not set" : "set") + ")");
        if (inline != null) {
            identities.addAll(parse(inline, "SOPS_AGE_KEY", warnings));
        }
        String file = settings.env("SOPS_AGE_KEY_FILE");
        if (file == null) {
            searched.add("SOPS_AGE_KEY_FILE (not set)");
        } else {
            if (Files.isDirectory(Path.of(file))) {
                throw new DigitctlException("SOPS_AGE_KEY_FILE names " + file + ", which is a folder, not a file. Point it at the identity file itself.");
            }
            identities.addAll(readFile("SOPS_AGE_KEY_FILE=", Path.of(file), searched, warnings));
        }
        if (Files.isDirectory(settings.ageKeysFile())) {
            searched.add(settings.ageKeysFile() + " (a folder, not a file)");
            warnings.add("the age keys file " + settings.ageKeysFile() + " is a folder, not a file; it was skipped.");
        } else {
            identities.addAll(readFile("", settings.ageKeysFile(), searched, warnings));
        }
        return new AgeKeys(List.copyOf(identities), List.copyOf(searched), List.copyOf(warnings));
    }

    private static List<String> readFile(String label, Path file, List<String> searched, List<String> warnings) {
        if (!Files.isRegularFile(file)) {
            searched.add(label + file + " (not found)");
            return List.of();
        }
        try {
            List<String> found = parse(Files.readString(file, StandardCharsets.UTF_8), label + file, warnings);
            searched.add(label + file + " (" + found.size() + " identit" + (found.size() == 1 ? "y" : "ies") + ")");
            return found;
        } catch (IOException e) {
            searched.add(label + file + " (unreadable: " + io.digitctl.files.FileTrees.reason(e) + ")");
            warnings.add("cannot read the age key file " + file + ": " + io.digitctl.files.FileTrees.reason(e) + "; its keys were not tried.");
            return List.of();
        }
    }

    /** Identity lines; a line that is neither a comment nor a well-formed identity is a warning naming source and line. */
    static List<String> parse(String text, String source, List<String> warnings) {
        List<String> out = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (l.startsWith(SECRET_KEY_PREFIX) && wellFormed(l)) {
                out.add(l);
            } else {
                warnings.add("age identity on line " + (i + 1) + " of " + source + " is malformed (expected AGE-SECRET-KEY-1 followed by 58 letters "
                        + "and digits); it was skipped and the other keys were tried.");
            }
        }
        return out;
    }

    private static boolean wellFormed(String identity) {
        try {
            X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identity);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Problems with keys that did not stop the others from being tried. */
    public List<String> warnings() {
        return warnings;
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
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
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
