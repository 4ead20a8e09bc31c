package io.digitctl.secrets.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How INI and dotenv files carry the nested metadata: one key per leaf, a map step written
 * {@code __map_<key>} and a list step {@code __list_<index>}, e.g. {@code pgp__list_0__map_enc}.
 */
final class Flattening {
    private static final Pattern STEP = Pattern.compile("__(map|list)_");

    private Flattening() {
    }

    static Map<String, String> flatten(Map<String, Object> metadata) {
        Map<String, String> out = new LinkedHashMap<>();
        metadata.forEach((k, v) -> flatten(k, v, out));
        return out;
    }

    private static void flatten(String prefix, Object value, Map<String, String> out) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix + "__map_" + k, v, out));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "__list_" + i, list.get(i), out);
            }
        } else if (value != null) {
            out.put(prefix, String.valueOf(value));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> unflatten(Map<String, String> flat) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : flat.entrySet()) {
            List<Object> path = steps(e.getKey());
            Object container = root;
            for (int i = 0; i < path.size(); i++) {
                Object step = path.get(i);
                boolean last = i == path.size() - 1;
                Object next = last ? e.getValue() : (path.get(i + 1) instanceof Integer ? new ArrayList<>() : new LinkedHashMap<>());
                if (container instanceof Map<?, ?> m) {
                    Map<String, Object> map = (Map<String, Object>) m;
                    container = last ? map.put((String) step, next) : map.computeIfAbsent((String) step, k -> next);
                } else {
                    List<Object> list = (List<Object>) container;
                    int index = (Integer) step;
                    while (list.size() <= index) {
                        list.add(null);
                    }
                    if (last || list.get(index) == null) {
                        list.set(index, next);
                    }
                    container = list.get(index);
                }
            }
        }
        return root;
    }

    private static List<Object> steps(String key) {
        List<Object> steps = new ArrayList<>();
        Matcher m = STEP.matcher(key);
        int start = 0;
        String kind = "map";
        boolean first = true;
        while (m.find()) {
            String part = key.substring(start, m.start());
            steps.add(first || kind.equals("map") ? part : (Object) Integer.parseInt(part));
            first = false;
            kind = m.group(1);
            start = m.end();
        }
        String part = key.substring(start);
        steps.add(first || kind.equals("map") ? part : (Object) Integer.parseInt(part));
        return steps;
    }
}
