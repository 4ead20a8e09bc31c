package io.digitctl.secrets;

import io.digitctl.secrets.crypto.EncryptionRules;

import java.util.List;

/** Who a new file is encrypted for, and which of its values. */
public record EncryptionPlan(List<String> ageRecipients, List<String> pgpFingerprints, EncryptionRules rules,
                             boolean macOnlyEncrypted) {
    public boolean hasRecipients() {
        return !ageRecipients.isEmpty() || !pgpFingerprints.isEmpty();
    }
}
