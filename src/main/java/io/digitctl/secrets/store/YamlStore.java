package io.digitctl.secrets.store;

import io.digitctl.secrets.doc.Branch;
import io.digitctl.secrets.doc.KeyValue;
import io.digitctl.secrets.doc.SopsDocument;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** YAML files: several documents allowed, the {@code sops} block in (and removed from) every one. */
public final class YamlStore implements SopsStore {

    @Override
    @SuppressWarnings("unchecked")
    public SopsDocument read(byte[] content) {
        List<Branch> docs;
        try {
            docs = YamlReader.read(new String(content, StandardCharsets.UTF_8));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new SopsFormatException(line, (e.getContext() == null ? "" : e.getContext() + ", ") + e.getProblem());
        } catch (YAMLException e) {
            throw new SopsFormatException(0, e.getMessage());
        }
        Map<String, Object> metadata = null;
        if (!docs.isEmpty() && docs.get(0).get(METADATA_KEY).orElse(null) instanceof Branch block) {
            metadata = (Map<String, Object>) PlainValues.toPlain(block);
        }
        List<Branch> stripped = new ArrayList<>();
        for (Branch doc : docs) {
            stripped.add(metadata == null ? doc : doc.without(METADATA_KEY));
        }
        return new SopsDocument(stripped, metadata);
    }

    @Override
    public byte[] write(List<Branch> documents, Map<String, Object> metadata) {
        List<Branch> out = new ArrayList<>();
        for (Branch doc : documents) {
            if (metadata == null) {
                out.add(doc);
            } else {
                List<Object> items = new ArrayList<>(doc.items());
                items.add(new KeyValue(METADATA_KEY, PlainValues.fromPlain(metadata)));
                out.add(new Branch(items));
            }
        }
        return YamlWriter.write(out).getBytes(StandardCharsets.UTF_8);
    }
}
