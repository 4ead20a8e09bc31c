package io.digitctl.secrets.store;

import io.digitctl.secrets.doc.Branch;
import io.digitctl.secrets.doc.Comment;
import io.digitctl.secrets.doc.KeyValue;
import io.digitctl.secrets.doc.SopsDocument;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * dotenv files: {@code KEY=VALUE} split at the first {@code =} with no trimming or quote handling,
 * {@code #} comment lines, a literal {@code \n} in a value meaning a newline; the metadata as
 * flattened keys starting {@code sops_}.
 */
public final class DotenvStore implements SopsStore {
    private static final String PREFIX = METADATA_KEY + "_";

    @Override
    public SopsDocument read(byte[] content) {
        List<Object> items = new ArrayList<>();
        Map<String, String> flat = new LinkedHashMap<>();
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                items.add(new Comment(line.substring(1)));
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new SopsFormatException(i + 1, "expected KEY=VALUE or a # comment");
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1).replace("\\n", "\n");
            if (key.startsWith(PREFIX)) {
                flat.put(key.substring(PREFIX.length()), value);
            } else {
                items.add(new KeyValue(key, value));
            }
        }
        return new SopsDocument(List.of(new Branch(items)), flat.isEmpty() ? null : Flattening.unflatten(flat));
    }

    @Override
    public byte[] write(List<Branch> documents, Map<String, Object> metadata) {
        StringBuilder out = new StringBuilder();
        Branch doc = documents.isEmpty() ? new Branch(List.of()) : documents.get(0);
        for (Object item : doc.items()) {
            if (item instanceof Comment c) {
                out.append('#').append(c.text()).append('\n');
            } else {
                KeyValue kv = (KeyValue) item;
                if (kv.value() instanceof Branch || kv.value() instanceof io.digitctl.secrets.doc.Sequence) {
                    throw new SopsFormatException(0, "dotenv files cannot hold nested values ('" + kv.key() + "')");
                }
                out.append(kv.key()).append('=').append(kv.value() == null ? "" : String.valueOf(kv.value()).replace("\n", "\\n")).append('\n');
            }
        }
        if (metadata != null) {
            Flattening.flatten(metadata).forEach((k, v) -> out.append(PREFIX).append(k).append('=').append(v.replace("\n", "\\n")).append('\n'));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
