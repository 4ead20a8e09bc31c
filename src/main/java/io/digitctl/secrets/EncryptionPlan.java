package io.digitctl.secrets;

import io.digitctl.secrets.crypto.EncryptionRules;

import java.util.List;

/**
 * Who a new file is encrypted for, and which of its values. With several key groups the data key is
 * split (Shamir) so that {@code shamirThreshold} groups (0: all of them) are needed to open it.
 */
public record EncryptionPlan(List<Group> groups, int shamirThreshold, EncryptionRules rules, boolean macOnlyEncrypted) {

    /** One key group: age recipients, PGP fingerprints, and cloud keys (stanzas without {@code enc}). */
    public record Group(List<String> age, List<String> pgp, List<Recipient.Cloud> cloud) {
        public boolean isEmpty() {
            return age.isEmpty() && pgp.isEmpty() && cloud.isEmpty();
        }
    }

    /** One key group of age and PGP recipients. */
    public EncryptionPlan(List<String> ageRecipients, List<String> pgpFingerprints, EncryptionRules rules, boolean macOnlyEncrypted) {
        this(List.of(new Group(ageRecipients, pgpFingerprints, List.of())), 0, rules, macOnlyEncrypted);
    }

    public boolean hasRecipients() {
        return groups.stream().anyMatch(g -> !g.isEmpty());
    }

    public List<String> ageRecipients() {
        return groups.stream().flatMap(g -> g.age().stream()).toList();
    }

    public List<String> pgpFingerprints() {
        return groups.stream().flatMap(g -> g.pgp().stream()).toList();
    }

    public List<Recipient.Cloud> cloudKeys() {
        return groups.stream().flatMap(g -> g.cloud().stream()).toList();
    }
}
