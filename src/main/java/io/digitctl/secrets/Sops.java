package io.digitctl.secrets;

import io.digitctl.model.DigitctlException;
import io.digitctl.secrets.crypto.IvStash;
import io.digitctl.secrets.crypto.SopsValueException;
import io.digitctl.secrets.crypto.TreeCipher;
import io.digitctl.secrets.crypto.ValueCipher;
import io.digitctl.secrets.doc.Branch;
import io.digitctl.secrets.doc.SopsDocument;
import io.digitctl.secrets.keys.AgeKeys;
import io.digitctl.secrets.keys.DataKeys;
import io.digitctl.secrets.keys.Shamir;
import io.digitctl.secrets.kms.KmsException;
import io.digitctl.secrets.store.SopsFormat;
import io.digitctl.secrets.store.SopsFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * SOPS files in-process: decrypt with MAC verification, encrypt new files, re-encrypt after an edit
 * with the same data key, and rotate the data key. Plaintext stays in memory; callers decide where it
 * may go.
 */
public final class Sops {
    /** The SOPS file format version written: the metadata layout and rules of sops 3.13.2. */
    public static final String FORMAT_VERSION = "3.13.2";
    private static final DateTimeFormatter LAST_MODIFIED = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataKeys keys;

    public Sops(DataKeys keys) {
        this.keys = keys;
    }

    public static SopsDocument read(Path file, byte[] content) {
        try {
            return SopsFormat.of(file).store().read(content);
        } catch (SopsFormatException e) {
            throw new DigitctlException(file + (e.line() > 0 ? ":" + e.line() : "") + ": " + e.getMessage()
                    + ". Fix the file (it is read as " + SopsFormat.of(file).name().toLowerCase() + " by its extension).");
        }
    }

    public static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DigitctlException("Cannot read " + file + ": " + io.digitctl.files.FileTrees.reason(e));
        }
    }

    /** The metadata of an encrypted file, without opening it. */
    public static SopsMetadata metadata(Path file, SopsDocument doc) {
        if (!doc.isEncrypted()) {
            throw new DigitctlException(file + " is not SOPS-encrypted: it has no sops metadata.");
        }
        try {
            return SopsMetadata.parse(doc.metadata());
        } catch (IllegalArgumentException e) {
            throw new DigitctlException(file + ": invalid sops metadata: " + e.getMessage() + ".");
        }
    }

    public DecryptedFile decrypt(Path file, boolean ignoreMac) {
        SopsDocument doc = read(file, readBytes(file));
        SopsMetadata metadata = metadata(file, doc);
        byte[] dataKey = keys.open(file, metadata);
        IvStash ivs = new IvStash();
        TreeCipher cipher = new TreeCipher(new ValueCipher(dataKey), metadata.rules(), metadata.macOnlyEncrypted(), ivs);
        TreeCipher.Result result;
        try {
            result = cipher.decrypt(doc.documents());
        } catch (SopsValueException e) {
            throw new DigitctlException(file + ": " + e.getMessage() + ".");
        }
        List<String> warnings = new ArrayList<>(keys.warnings());
        checkMac(file, metadata, cipher, result.mac(), ignoreMac, warnings);
        return new DecryptedFile(file, SopsFormat.of(file), result.documents(), metadata, dataKey, ivs, List.copyOf(warnings),
                keys.notes());
    }

    private static void checkMac(Path file, SopsMetadata metadata, TreeCipher cipher, String computed, boolean ignoreMac,
                                 List<String> warnings) {
        String problem;
        if (metadata.mac() == null || metadata.mac().isBlank()) {
            problem = "it has no MAC, so nothing proves that its values are the ones that were encrypted";
        } else {
            String stored;
            try {
                stored = cipher.decryptMac(metadata.mac(), metadata.lastModified());
            } catch (SopsValueException e) {
                stored = null;
            }
            problem = computed.equals(stored) ? null
                    : "its MAC does not match its content: values were changed, added, removed or reordered outside sops";
        }
        if (problem == null) {
            return;
        }
        if (!ignoreMac) {
            throw new DigitctlException(file + " is refused: " + problem + ". If you trust the file, --ignore-mac reads it anyway.");
        }
        warnings.add("MAC NOT VERIFIED for " + file + " (--ignore-mac): " + problem + ". Re-encrypt the file to restore its MAC.");
    }

    /** A new file: a fresh data key wrapped for every recipient of the plan (split by Shamir across several key groups). */
    public byte[] encrypt(Path file, List<Branch> plaintext, EncryptionPlan plan) {
        if (!plan.hasRecipients()) {
            throw new DigitctlException("No recipients to encrypt " + file + " for: give --age, --pgp, --kms, --gcp-kms, --azure-kv or "
                    + "--hc-vault-transit, or a .sops.yaml creation rule.");
        }
        byte[] dataKey = newDataKey();
        List<EncryptionPlan.Group> groups = plan.groups().stream().filter(g -> !g.isEmpty()).toList();
        int threshold = groups.size() > 1 ? (plan.shamirThreshold() > 0 ? plan.shamirThreshold() : groups.size()) : 0;
        SopsMetadata metadata = new SopsMetadata(wrap(file, groups, threshold, dataKey), threshold, now(), null,
                plan.rules(), plan.macOnlyEncrypted(), FORMAT_VERSION);
        return write(file, plaintext, metadata, dataKey, new IvStash());
    }

    /** The data key (or, with several groups, one Shamir share per group) wrapped for each recipient. */
    private List<SopsMetadata.KeyGroup> wrap(Path file, List<EncryptionPlan.Group> groups, int threshold, byte[] dataKey) {
        List<byte[]> payloads;
        if (groups.size() == 1) {
            payloads = List.of(dataKey);
        } else {
            try {
                payloads = Shamir.split(dataKey, groups.size(), threshold, RANDOM);
            } catch (IllegalArgumentException e) {
                throw new DigitctlException("Cannot encrypt " + file + ": " + e.getMessage() + ".");
            }
        }
        String now = now();
        List<SopsMetadata.KeyGroup> out = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            EncryptionPlan.Group group = groups.get(i);
            byte[] payload = payloads.get(i);
            List<Recipient.Age> age = group.age().stream().map(r -> new Recipient.Age(r, AgeKeys.wrap(payload, r))).toList();
            List<Recipient.Pgp> pgp = group.pgp().stream()
                    .map(fp -> new Recipient.Pgp(fp.replace(" ", "").toUpperCase(), now, keys.pgp().wrap(payload, fp))).toList();
            List<Recipient.Cloud> cloud = new ArrayList<>();
            for (Recipient.Cloud key : group.cloud()) {
                try {
                    cloud.add(keys.cloud().wrap(key, payload, now));
                } catch (KmsException e) {
                    throw new DigitctlException("Cannot encrypt " + file + " for " + e.getMessage() + ".");
                }
            }
            out.add(new SopsMetadata.KeyGroup(age, pgp, cloud));
        }
        return out;
    }

    /** The edited plaintext of an opened file, with its data key and recipients; unchanged values keep their ciphertext. */
    public byte[] reencrypt(DecryptedFile opened, List<Branch> plaintext) {
        return write(opened.file(), plaintext, opened.metadata(), opened.dataKey(), opened.ivs());
    }

    /** The same plaintext under a new data key, wrapped again for the same recipients and key groups. */
    public byte[] rotate(DecryptedFile opened) {
        SopsMetadata metadata = opened.metadata();
        List<EncryptionPlan.Group> groups = new ArrayList<>();
        for (SopsMetadata.KeyGroup group : metadata.keyGroups()) {
            groups.add(new EncryptionPlan.Group(group.age().stream().map(Recipient.Age::recipient).toList(),
                    group.pgp().stream().map(Recipient.Pgp::fingerprint).toList(),
                    group.cloud().stream().map(Recipient.Cloud::withoutKey).toList()));
        }
        byte[] dataKey = newDataKey();
        int threshold = groups.size() > 1 ? (metadata.shamirThreshold() > 0 ? metadata.shamirThreshold() : groups.size()) : metadata.shamirThreshold();
        SopsMetadata rotated = new SopsMetadata(wrap(opened.file(), groups, Math.max(threshold, 0), dataKey), threshold,
                metadata.lastModified(), metadata.mac(), metadata.rules(), metadata.macOnlyEncrypted(), metadata.version());
        return write(opened.file(), opened.documents(), rotated, dataKey, new IvStash());
    }

    private static byte[] write(Path file, List<Branch> plaintext, SopsMetadata metadata, byte[] dataKey, IvStash ivs) {
        TreeCipher cipher = new TreeCipher(new ValueCipher(dataKey), metadata.rules(), metadata.macOnlyEncrypted(), ivs);
        TreeCipher.Result encrypted = cipher.encrypt(plaintext);
        String lastModified = now();
        SopsMetadata done = metadata.withMac(lastModified, cipher.encryptMac(encrypted.mac(), lastModified), FORMAT_VERSION);
        try {
            return SopsFormat.of(file).store().write(encrypted.documents(), done.toMap());
        } catch (SopsFormatException e) {
            throw new DigitctlException(file + ": " + e.getMessage() + ".");
        }
    }

    private static byte[] newDataKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    private static String now() {
        return LAST_MODIFIED.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }
}
