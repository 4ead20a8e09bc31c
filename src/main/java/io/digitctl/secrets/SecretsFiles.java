package io.digitctl.secrets;

import io.digitctl.model.DigitctlException;
import io.digitctl.tree.YamlDocument;

import java.nio.file.Path;

/** An environment's secrets file, as the renderer may use it. */
public final class SecretsFiles {
    private SecretsFiles() {
    }

    /** True when the file carries SOPS metadata, i.e. its values are encrypted. */
    public static boolean isSopsEncrypted(Path file) {
        return YamlDocument.read(file).mapping().containsKey("sops");
    }

    /**
     * The file itself when it is plain YAML, as the reference accepts. An encrypted file is refused
     * with a clear message rather than passed to Helm as ciphertext.
     */
    public static Path requirePlain(Path file) {
        if (isSopsEncrypted(file)) {
            throw new DigitctlException(file + " is SOPS-encrypted, and this version of digitctl cannot decrypt it yet. "
                    + "Render without -c, or use a plain secrets file.");
        }
        return file;
    }
}
