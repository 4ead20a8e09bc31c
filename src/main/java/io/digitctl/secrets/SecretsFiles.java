package io.digitctl.secrets;

import io.digitctl.secrets.doc.SopsDocument;
import io.digitctl.secrets.keys.DataKeys;
import io.digitctl.secrets.keys.KeySettings;
import io.digitctl.secrets.store.YamlStore;

import java.nio.file.Path;
import java.util.List;

/**
 * An environment's secrets file as Helm values: a plain file is used as it is (as the reference
 * does); an encrypted one is decrypted in memory and handed to Helm through a {@link MemoryFile},
 * never written to disk. Close it when rendering is done.
 */
public final class SecretsFiles implements AutoCloseable {
    private final Path path;
    private final MemoryFile memory;
    private final List<String> warnings;

    private SecretsFiles(Path path, MemoryFile memory, List<String> warnings) {
        this.path = path;
        this.memory = memory;
        this.warnings = warnings;
    }

    public static SecretsFiles open(Path file, KeySettings keys, boolean ignoreMac) {
        SopsDocument doc = Sops.read(file, Sops.readBytes(file));
        if (!doc.isEncrypted()) {
            return new SecretsFiles(file, null, List.of());
        }
        DecryptedFile opened = new Sops(new DataKeys(keys, new io.digitctl.secrets.kms.CloudKeys(keys))).decrypt(file, ignoreMac);
        // Helm reads values as YAML whatever the file's own format
        byte[] yaml = new YamlStore().write(opened.documents(), null);
        MemoryFile memory = MemoryFile.of("digitctl-secrets", yaml);
        java.util.Arrays.fill(yaml, (byte) 0);
        return new SecretsFiles(memory.path(), memory, opened.warnings());
    }

    /** The path Helm reads the values from. */
    public Path path() {
        return path;
    }

    public List<String> warnings() {
        return warnings;
    }

    @Override
    public void close() {
        if (memory != null) {
            memory.close();
        }
    }
}
