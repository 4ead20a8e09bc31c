package io.digitctl.action;

import io.digitctl.model.DigitctlException;
import io.digitctl.secrets.CreationRules;
import io.digitctl.secrets.DecryptedFile;
import io.digitctl.secrets.EncryptionPlan;
import io.digitctl.secrets.Sops;
import io.digitctl.secrets.crypto.EncryptionRules;
import io.digitctl.secrets.doc.Branch;
import io.digitctl.secrets.doc.SopsDocument;
import io.digitctl.secrets.Recipient;
import io.digitctl.secrets.kms.CloudKeys;
import io.digitctl.secrets.keys.DataKeys;
import io.digitctl.secrets.keys.KeySettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** {@code secrets decrypt|encrypt|rotate}: SOPS files in-process; {@code edit} is {@link SecretsEditAction}. */
public final class SecretsActions {
    private final Sops sops;

    public SecretsActions(KeySettings keys) {
        this.sops = new Sops(new DataKeys(keys, new CloudKeys(keys)));
    }

    public DecryptedFile decrypt(Path file, boolean ignoreMac) {
        requireFile(file);
        return sops.decrypt(file, ignoreMac);
    }

    /**
     * Encrypts a plaintext file for the recipients given (cloud keys are stanzas without enc), or those of the
     * first matching {@code .sops.yaml} creation rule (whose value rules apply either way).
     */
    public byte[] encrypt(Path file, List<String> age, List<String> pgp, List<Recipient.Cloud> cloud) {
        requireFile(file);
        SopsDocument doc = Sops.read(file, Sops.readBytes(file));
        if (doc.isEncrypted()) {
            throw new DigitctlException(file + " is already SOPS-encrypted. Use 'digitctl secrets rotate' for a new data key, or 'edit' to change it.");
        }
        EncryptionPlan fromConfig = CreationRules.forFile(file).orElse(null);
        EncryptionPlan plan;
        if (!age.isEmpty() || !pgp.isEmpty() || !cloud.isEmpty()) {
            plan = new EncryptionPlan(List.of(new EncryptionPlan.Group(age, pgp, cloud)), 0,
                    fromConfig == null ? EncryptionRules.DEFAULT : fromConfig.rules(), fromConfig != null && fromConfig.macOnlyEncrypted());
        } else if (fromConfig != null) {
            plan = fromConfig;
        } else {
            throw new DigitctlException("No recipients for " + file + ": give --age, --pgp, --kms, --gcp-kms, --azure-kv or --hc-vault-transit, or add a creation rule for it to a .sops.yaml"
                    + CreationRules.nearestConfig(file).map(c -> " (" + c + " has none that matches)").orElse("") + ".");
        }
        return sops.encrypt(file, doc.documents(), plan);
    }

    public byte[] rotate(Path file, boolean ignoreMac) {
        return sops.rotate(decrypt(file, ignoreMac));
    }

    public byte[] reencrypt(DecryptedFile opened, List<Branch> documents) {
        return sops.reencrypt(opened, documents);
    }

    /** Replaces a file in one step, so that a reader never sees half of it. */
    public static void replace(Path file, byte[] content) {
        try {
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
            try {
                Files.write(temp, content);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new DigitctlException("Cannot write " + file + ": " + io.digitctl.files.FileTrees.reason(e) + "; the file was left as it was.");
        }
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DigitctlException(file + " does not exist.");
        }
    }
}
