package io.digitctl.secrets.kms;

/**
 * A key service could not wrap or unwrap a data key. The message names the key, and says what the
 * service answered or which credentials were looked for; it never holds key material.
 */
public final class KmsException extends RuntimeException {
    public enum Kind {
        /** No credentials in the provider's standard chain. */
        NO_CREDENTIALS,
        /** The service did not accept the credentials (unknown, expired, malformed). */
        CREDENTIALS_REJECTED,
        ACCESS_DENIED,
        KEY_NOT_FOUND,
        /** The ciphertext does not open with this key (or its encryption context). */
        CANNOT_DECRYPT,
        UNREACHABLE,
        /** A stanza or key name digitctl cannot use. */
        INVALID,
        UNSUPPORTED,
        OTHER
    }

    private final Kind kind;

    public KmsException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
