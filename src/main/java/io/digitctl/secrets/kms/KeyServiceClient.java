package io.digitctl.secrets.kms;

import io.digitctl.secrets.Recipient;

/** One cloud key service: the stanza type it serves ({@code kms}, {@code gcp_kms}, {@code azure_kv}, {@code hc_vault}). */
interface KeyServiceClient {
    byte[] decrypt(Recipient.Cloud stanza);

    /** The stanza's fields (without created_at) once {@code payload} is encrypted for {@code key}. */
    Recipient.Cloud encrypt(Recipient.Cloud key, byte[] payload, String createdAt);

    /** Credentials found here, without calling the service (for validate): a name, or why none. */
    io.digitctl.secrets.keys.CloudKeyService.Usability usability(Recipient.Cloud stanza);
}
