package io.digitctl.secrets.keys;

import io.digitctl.model.DigitctlException;
import io.digitctl.secrets.Recipient;
import io.digitctl.secrets.SopsMetadata;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recovers a file's data key: in each key group, the recipients are tried age first, then PGP,
 * then cloud KMS; with several groups, {@code shamir_threshold} of their shares rebuild the key.
 */
public final class DataKeys {
    private static final int KEY_BYTES = 32;

    private final KeySettings settings;
    private final CloudKeyService cloud;
    private AgeKeys age;
    private PgpKeys pgp;
    /** What each cloud key answered when it was tried, in order. */
    private final List<String> cloudFailures = new ArrayList<>();

    public DataKeys(KeySettings settings, CloudKeyService cloud) {
        this.settings = settings;
        this.cloud = cloud;
    }

    public AgeKeys age() {
        if (age == null) {
            age = AgeKeys.load(settings);
        }
        return age;
    }

    /** Problems with keys that were tried (a malformed age identity, an unreadable key file). */
    public List<String> warnings() {
        return age == null ? List.of() : age.warnings();
    }

    /** Cloud keys that were tried and failed although the file opened: notes, not errors. */
    public List<String> notes() {
        return cloudFailures.stream().map(f -> f + "; another key opened the file").toList();
    }

    public CloudKeyService cloud() {
        return cloud;
    }

    public PgpKeys pgp() {
        if (pgp == null) {
            pgp = PgpKeys.load(settings);
        }
        return pgp;
    }

    public byte[] open(Path file, SopsMetadata metadata) {
        List<SopsMetadata.KeyGroup> groups = metadata.keyGroups();
        int needed = groups.size() == 1 ? 1 : (metadata.shamirThreshold() > 0 ? metadata.shamirThreshold() : groups.size());
        List<byte[]> shares = new ArrayList<>();
        for (SopsMetadata.KeyGroup group : groups) {
            unwrap(group).ifPresent(shares::add);
            if (shares.size() == needed) {
                break;
            }
        }
        if (shares.size() < needed) {
            throw new DigitctlException(noKeyMessage(file, metadata, shares.size(), needed));
        }
        byte[] key = groups.size() == 1 ? shares.get(0) : Shamir.combine(shares);
        if (key.length != KEY_BYTES) {
            throw new DigitctlException(file + ": the data key has " + key.length + " bytes instead of 32; the file is damaged.");
        }
        return key;
    }

    /** Whether any available key opens the file, without saying why not (for validate). */
    public boolean canOpen(SopsMetadata metadata) {
        try {
            open(Path.of("file"), metadata);
            return true;
        } catch (DigitctlException e) {
            return false;
        }
    }

    private Optional<byte[]> unwrap(SopsMetadata.KeyGroup group) {
        for (Recipient.Age r : group.age()) {
            byte[] payload = r.enc() == null ? null : age().unwrap(r.enc());
            if (payload != null) {
                return Optional.of(payload);
            }
        }
        for (Recipient.Pgp r : group.pgp()) {
            byte[] payload = r.enc() == null ? null : pgp().unwrap(r.enc());
            if (payload != null) {
                return Optional.of(payload);
            }
        }
        for (Recipient.Cloud r : group.cloud()) {
            try {
                return Optional.of(cloud.unwrap(r));
            } catch (io.digitctl.secrets.kms.KmsException e) {
                if (e.kind() != io.digitctl.secrets.kms.KmsException.Kind.UNSUPPORTED || cloud != CloudKeyService.NONE) {
                    cloudFailures.add(e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    private String noKeyMessage(Path file, SopsMetadata metadata, int found, int needed) {
        StringBuilder msg = new StringBuilder("Cannot decrypt " + file + ": no available key opens it");
        if (needed > 1) {
            msg.append(" (").append(found).append(" of the ").append(needed).append(" key groups needed were opened)");
        }
        msg.append(".\nRecipients of the file:");
        for (Recipient r : metadata.recipients()) {
            msg.append("\n  - ").append(r.describe());
        }
        msg.append("\nWhere digitctl looked for keys:");
        age().searched().forEach(s -> msg.append("\n  - age: ").append(s));
        age().warnings().forEach(w -> msg.append("\n  - warning: ").append(w));
        pgp().searched().forEach(s -> msg.append("\n  - pgp: ").append(s));
        if (metadata.recipients().stream().anyMatch(r -> r instanceof Recipient.Cloud)) {
            if (cloud == CloudKeyService.NONE) {
                msg.append("\n  - cloud KMS: not used here");
            }
            cloudFailures.forEach(f -> msg.append("\n  - ").append(f));
        }
        msg.append("\nProvide the age identity or PGP secret key of one of the recipients, or credentials for one of its cloud keys.");
        return msg.toString();
    }
}
