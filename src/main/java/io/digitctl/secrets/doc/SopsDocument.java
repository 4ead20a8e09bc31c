package io.digitctl.secrets.doc;

import java.util.List;
import java.util.Map;

/**
 * A SOPS file as read by a store: its documents (YAML may hold several; the other formats one),
 * without the metadata, and the metadata as plain maps and lists.
 *
 * @param metadata the {@code sops} block, or null when the file has none (a plain file)
 */
public record SopsDocument(List<Branch> documents, Map<String, Object> metadata) {
    public SopsDocument {
        documents = List.copyOf(documents);
    }

    public boolean isEncrypted() {
        return metadata != null;
    }
}
