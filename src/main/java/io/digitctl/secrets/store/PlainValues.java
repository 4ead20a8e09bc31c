package io.digitctl.secrets.store;

import io.digitctl.secrets.doc.Branch;
import io.digitctl.secrets.doc.KeyValue;
import io.digitctl.secrets.doc.Sequence;
import io.digitctl.secrets.doc.SopsTime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between SOPS branches and plain maps and lists (for the metadata block). */
public final class PlainValues {
    private PlainValues() {
    }

    /** Comments are dropped; times become their RFC 3339 text, as the metadata reader wants. */
    public static Object toPlain(Object value) {
        if (value instanceof Branch b) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (KeyValue kv : b.entries()) {
                map.put(kv.key(), toPlain(kv.value()));
            }
            return map;
        }
        if (value instanceof Sequence s) {
            List<Object> list = new ArrayList<>();
            for (Object item : s.items()) {
                if (!(item instanceof io.digitctl.secrets.doc.Comment)) {
                    list.add(toPlain(item));
                }
            }
            return list;
        }
        if (value instanceof SopsTime t) {
            return t.text();
        }
        return value;
    }

    public static Object fromPlain(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<Object> items = new ArrayList<>();
            map.forEach((k, v) -> items.add(new KeyValue(String.valueOf(k), fromPlain(v))));
            return new Branch(items);
        }
        if (value instanceof List<?> list) {
            return new Sequence(list.stream().map(PlainValues::fromPlain).toList());
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        return value;
    }
}
