package io.digitctl.secrets.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.digitctl.secrets.doc.Branch;
import io.digitctl.secrets.doc.Bytes;
import io.digitctl.secrets.doc.Comment;
import io.digitctl.secrets.doc.KeyValue;
import io.digitctl.secrets.doc.Sequence;
import io.digitctl.secrets.doc.SopsDocument;
import io.digitctl.secrets.doc.SopsTime;
import io.digitctl.secrets.doc.ValueCodec;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** JSON files: one object, key order kept, integers and floats told apart; written with tab indentation as sops does. */
public final class JsonStore implements SopsStore {
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    @SuppressWarnings("unchecked")
    public SopsDocument read(byte[] content) {
        Object top;
        try (JsonParser parser = JSON.createParser(content)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new SopsFormatException(parser.currentLocation().getLineNr(), "the top level of a SOPS JSON file must be an object");
            }
            top = value(parser);
            if (parser.nextToken() != null) {
                throw new SopsFormatException(parser.currentLocation().getLineNr(), "text after the end of the JSON object");
            }
        } catch (JsonParseException e) {
            throw new SopsFormatException(e.getLocation() == null ? 0 : e.getLocation().getLineNr(), e.getOriginalMessage());
        } catch (IOException e) {
            throw new SopsFormatException(0, e.getMessage());
        }
        Branch branch = (Branch) top;
        Map<String, Object> metadata = branch.get(METADATA_KEY).orElse(null) instanceof Branch block
                ? (Map<String, Object>) PlainValues.toPlain(block) : null;
        return new SopsDocument(List.of(metadata == null ? branch : branch.without(METADATA_KEY)), metadata);
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT -> {
                List<Object> items = new ArrayList<>();
                java.util.Set<String> seen = new java.util.HashSet<>();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String key = p.currentName();
                    if (!seen.add(key)) {
                        throw new SopsFormatException(p.currentLocation().getLineNr(), "duplicate key '" + key + "'");
                    }
                    p.nextToken();
                    items.add(new KeyValue(key, value(p)));
                }
                return new Branch(items);
            }
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p));
                }
                return new Sequence(items);
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                BigInteger big = p.getBigIntegerValue();
                return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new SopsFormatException(p.currentLocation().getLineNr(), "unexpected " + token);
        }
    }

    @Override
    public byte[] write(List<Branch> documents, Map<String, Object> metadata) {
        Branch doc = documents.isEmpty() ? new Branch(List.of()) : documents.get(0);
        if (metadata != null) {
            List<Object> items = new ArrayList<>(doc.items());
            items.add(new KeyValue(METADATA_KEY, PlainValues.fromPlain(metadata)));
            doc = new Branch(items);
        }
        StringBuilder out = new StringBuilder();
        write(doc, 0, out);
        return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    public static void write(Object value, int depth, StringBuilder out) {
        if (value instanceof Branch b) {
            List<KeyValue> entries = b.entries();
            if (entries.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            for (int i = 0; i < entries.size(); i++) {
                out.append("\t".repeat(depth + 1)).append(Quoting.json(entries.get(i).key())).append(": ");
                write(entries.get(i).value(), depth + 1, out);
                out.append(i < entries.size() - 1 ? ",\n" : "\n");
            }
            out.append("\t".repeat(depth)).append('}');
        } else if (value instanceof Sequence s) {
            List<Object> items = s.items().stream().filter(i -> !(i instanceof Comment)).toList();
            if (items.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append("[\n");
            for (int i = 0; i < items.size(); i++) {
                out.append("\t".repeat(depth + 1));
                write(items.get(i), depth + 1, out);
                out.append(i < items.size() - 1 ? ",\n" : "\n");
            }
            out.append("\t".repeat(depth)).append(']');
        } else if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            out.append(Quoting.json(s));
        } else if (value instanceof Bytes b) {
            out.append(Quoting.json(new String(b.value(), StandardCharsets.UTF_8)));
        } else if (value instanceof SopsTime t) {
            out.append(Quoting.json(t.text()));
        } else if (value instanceof Double d) {
            out.append(ValueCodec.formatFloat(d));
        } else {
            out.append(value);
        }
    }
}
