package io.digitctl.secrets.store;

import io.digitctl.secrets.doc.Branch;
import io.digitctl.secrets.doc.SopsDocument;

import java.util.List;
import java.util.Map;

/** One file format: reads a file into branches and metadata, and writes them back. */
public interface SopsStore {

    SopsDocument read(byte[] content);

    /** The file's bytes; {@code metadata} null writes the plaintext form. */
    byte[] write(List<Branch> documents, Map<String, Object> metadata);

    /** The metadata key, written last. */
    String METADATA_KEY = "sops";
}
