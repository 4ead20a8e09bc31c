package io.digitctl.secrets.store;

import io.digitctl.secrets.doc.Branch;
import io.digitctl.secrets.doc.Bytes;
import io.digitctl.secrets.doc.KeyValue;
import io.digitctl.secrets.doc.SopsDocument;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Any other file: its whole content is the one value {@code data}, kept in a JSON envelope when encrypted. */
public final class BinaryStore implements SopsStore {
    static final String DATA = "data";
    private final JsonStore json = new JsonStore();

    @Override
    public SopsDocument read(byte[] content) {
        if (looksLikeEnvelope(content)) {
            SopsDocument envelope = json.read(content);
            if (envelope.isEncrypted()) {
                return envelope;
            }
        }
        Object data = io.digitctl.secrets.doc.ValueCodec.decode("str", content);
        return new SopsDocument(List.of(new Branch(List.of(new KeyValue(DATA, data)))), null);
    }

    private static boolean looksLikeEnvelope(byte[] content) {
        String start = new String(content, 0, Math.min(content.length, 64), StandardCharsets.UTF_8).stripLeading();
        return start.startsWith("{");
    }

    @Override
    public byte[] write(List<Branch> documents, Map<String, Object> metadata) {
        if (metadata != null) {
            return json.write(documents, metadata);
        }
        Object data = documents.isEmpty() ? null : documents.get(0).get(DATA).orElse(null);
        if (data instanceof Bytes b) {
            return b.value().clone();
        }
        return data == null ? new byte[0] : String.valueOf(data).getBytes(StandardCharsets.UTF_8);
    }
}
