package io.digitctl.secrets.keys;

import io.digitctl.secrets.Recipient;
import io.digitctl.secrets.kms.KmsException;

/**
 * Opens and makes data keys held by a cloud key service: AWS KMS, GCP KMS, Azure Key Vault,
 * HashiCorp Vault transit ({@link io.digitctl.secrets.kms.CloudKeys}). {@link #NONE} reaches none of
 * them: such recipients are still read and named in messages.
 */
public interface CloudKeyService {
    CloudKeyService NONE = new CloudKeyService() {
        @Override
        public byte[] unwrap(Recipient.Cloud recipient) {
            throw new KmsException(KmsException.Kind.UNSUPPORTED, recipient.describe() + ": cloud keys are not used here");
        }

        @Override
        public Recipient.Cloud wrap(Recipient.Cloud key, byte[] payload, String createdAt) {
            throw new KmsException(KmsException.Kind.UNSUPPORTED, key.describe() + ": cloud keys are not used here");
        }

        @Override
        public Usability usability(Recipient.Cloud recipient) {
            return new Usability(false, "cloud keys are not used here");
        }
    };

    /** The payload (data key or Shamir share) held by the recipient; a {@link KmsException} says why not. */
    byte[] unwrap(Recipient.Cloud recipient);

    /** The stanza for {@code key} (a recipient without {@code enc}) holding {@code payload}, as sops writes it. */
    Recipient.Cloud wrap(Recipient.Cloud key, byte[] payload, String createdAt);

    /** Without calling the service: whether credentials (and an address) for this key are found here. */
    Usability usability(Recipient.Cloud recipient);

    /** {@code detail} names the credentials found, or the places looked at. */
    record Usability(boolean usable, String detail) {
    }
}
