package io.digitctl.secrets.keys;

import io.digitctl.secrets.Recipient;

import java.util.Optional;

/**
 * Opens data keys held by a cloud KMS (AWS, GCP, Azure, Vault, Huawei). No implementation ships
 * yet: files with only such recipients are read and named in errors, and decrypt with age or PGP.
 */
public interface CloudKeyService {
    CloudKeyService NONE = recipient -> Optional.empty();

    /** The unwrapped payload, or empty when this service cannot reach or open that key. */
    Optional<byte[]> unwrap(Recipient.Cloud recipient);
}
