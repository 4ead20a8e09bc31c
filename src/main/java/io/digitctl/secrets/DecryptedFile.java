package io.digitctl.secrets;

import io.digitctl.secrets.crypto.IvStash;
import io.digitctl.secrets.doc.Branch;
import io.digitctl.secrets.store.SopsFormat;

import java.nio.file.Path;
import java.util.List;

/**
 * A SOPS file opened in memory: its plaintext, its metadata and data key (kept for an edit, which
 * re-encrypts with the same key), and what the user should be told (an ignored MAC, plain comments), and notes
 * (a cloud key that failed while another key opened the file).
 */
public record DecryptedFile(Path file, SopsFormat format, List<Branch> documents, SopsMetadata metadata,
                            byte[] dataKey, IvStash ivs, List<String> warnings, List<String> notes) {

    /** The plaintext in the file's own format. */
    public byte[] plaintext() {
        return format.store().write(documents, null);
    }
}
