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
 * INI files as sops reads them: every section is a top-level key holding a mapping of strings,
 * comments belong to their section, keys before any header form the {@code DEFAULT} section, and
 * the metadata is a flattened {@code [sops]} section (newlines written as {@code \n}; the
 * {@code """...""" } form of sops 3.13.0 and 3.13.1 is read too).
 */
public final class IniStore implements SopsStore {
    static final String DEFAULT_SECTION = "DEFAULT";

    @Override
    public SopsDocument read(byte[] content) {
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\r?\n", -1);
        Map<String, List<Object>> sections = new LinkedHashMap<>();
        List<Object> pendingComments = new ArrayList<>();
        String section = DEFAULT_SECTION;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith(";") || line.startsWith("#")) {
                pendingComments.add(new Comment(line.substring(1).strip()));
            } else if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                List<Object> items = sections.computeIfAbsent(section, s -> new ArrayList<>());
                items.addAll(pendingComments);
                pendingComments.clear();
            } else {
                int eq = line.indexOf('=');
                int colon = line.indexOf(':');
                int sep = eq < 0 ? colon : (colon < 0 ? eq : Math.min(eq, colon));
                if (sep <= 0) {
                    throw new SopsFormatException(i + 1, "expected 'key = value', '[section]' or a comment");
                }
                String key = line.substring(0, sep).strip();
                String value = line.substring(sep + 1).strip();
                if (value.startsWith("\"\"\"")) {
                    StringBuilder multi = new StringBuilder(value.substring(3));
                    while (!multi.toString().endsWith("\"\"\"")) {
                        if (++i >= lines.length) {
                            throw new SopsFormatException(i, "unterminated \"\"\" value of '" + key + "'");
                        }
                        multi.append('\n').append(lines[i]);
                    }
                    value = multi.substring(0, multi.length() - 3);
                } else if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                List<Object> items = sections.computeIfAbsent(section, s -> new ArrayList<>());
                items.addAll(pendingComments);
                pendingComments.clear();
                items.add(new KeyValue(key, value));
            }
        }
        Map<String, Object> metadata = null;
        List<Object> top = new ArrayList<>();
        for (Map.Entry<String, List<Object>> e : sections.entrySet()) {
            if (e.getKey().equals(METADATA_KEY)) {
                Map<String, String> flat = new LinkedHashMap<>();
                for (Object item : e.getValue()) {
                    if (item instanceof KeyValue kv) {
                        flat.put(kv.key(), ((String) kv.value()).replace("\\n", "\n"));
                    }
                }
                metadata = Flattening.unflatten(flat);
            } else {
                top.add(new KeyValue(e.getKey(), new Branch(e.getValue())));
            }
        }
        return new SopsDocument(List.of(new Branch(top)), metadata);
    }

    @Override
    public byte[] write(List<Branch> documents, Map<String, Object> metadata) {
        StringBuilder out = new StringBuilder();
        Branch doc = documents.isEmpty() ? new Branch(List.of()) : documents.get(0);
        List<KeyValue> sections = new ArrayList<>(doc.entries());
        sections.sort((a, b) -> a.key().equals(DEFAULT_SECTION) ? -1 : b.key().equals(DEFAULT_SECTION) ? 1 : 0);
        for (KeyValue section : sections) {
            if (!(section.value() instanceof Branch branch)) {
                throw new SopsFormatException(0, "INI values must sit in sections: '" + section.key() + "' is not a section");
            }
            writeSection(section.key(), branch.items(), out);
        }
        if (metadata != null) {
            List<Object> items = new ArrayList<>();
            Flattening.flatten(metadata).forEach((k, v) -> items.add(new KeyValue(k, v.replace("\n", "\\n"))));
            writeSection(METADATA_KEY, items, out);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeSection(String name, List<Object> items, StringBuilder out) {
        List<Object> comments = new ArrayList<>();
        int width = items.stream().filter(i -> i instanceof KeyValue).mapToInt(i -> ((KeyValue) i).key().length()).max().orElse(0);
        if (!name.equals(DEFAULT_SECTION)) {
            // a comment before the first key is written above the header, where sops writes it
            while (!items.isEmpty() && items.get(0) instanceof Comment c) {
                comments.add(c);
                items = items.subList(1, items.size());
            }
            comments.forEach(c -> out.append("; ").append(((Comment) c).text()).append('\n'));
            out.append('[').append(name).append("]\n");
        }
        for (Object item : items) {
            if (item instanceof Comment c) {
                out.append("; ").append(c.text()).append('\n');
            } else {
                KeyValue kv = (KeyValue) item;
                String value = kv.value() == null ? "" : String.valueOf(kv.value());
                if (value.contains("\n")) {
                    value = "\"\"\"" + value + "\"\"\"";
                }
                out.append(String.format("%-" + width + "s = %s%n", kv.key(), value));
            }
        }
        out.append('\n');
    }
}
