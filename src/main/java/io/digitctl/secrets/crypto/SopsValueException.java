package io.digitctl.secrets.crypto;

/** A value that cannot be decrypted; {@code path} is its key path as SOPS writes it ({@code a:b:}). */
public class SopsValueException extends RuntimeException {
    private final String path;

    public SopsValueException(String path, String reason) {
        super("the value at '" + path + "' " + reason);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
