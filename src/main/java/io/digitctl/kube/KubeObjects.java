package io.digitctl.kube;

import io.digitctl.model.ResourceKey;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading and changing plain-map Kubernetes objects. */
public final class KubeObjects {
    private KubeObjects() {
    }

    public static ResourceKey key(Map<String, Object> object) {
        Map<String, Object> md = metadata(object);
        return ResourceKey.of(str(object.get("apiVersion")), str(object.get("kind")), str(md.get("namespace")), str(md.get("name")));
    }

    public static String apiVersion(Map<String, Object> object) {
        return str(object.get("apiVersion"));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> metadata(Map<String, Object> object) {
        Object md = object.get("metadata");
        return md instanceof Map ? (Map<String, Object>) md : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, String> labels(Map<String, Object> object) {
        Object labels = metadata(object).get("labels");
        if (!(labels instanceof Map<?, ?> map)) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        ((Map<Object, Object>) map).forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        return out;
    }

    /** A path into nested maps; null when any step is missing. */
    @SuppressWarnings("unchecked")
    public static Object at(Object object, String... path) {
        Object current = object;
        for (String step : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = ((Map<String, Object>) map).get(step);
        }
        return current;
    }

    public static long number(Object object, String... path) {
        Object v = at(object, path);
        if (v instanceof Number n) return n.longValue();
        if (v instanceof String s && !s.isBlank()) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> list(Object object, String... path) {
        Object v = at(object, path);
        return v instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    /** A deep copy, so that changes never reach the original. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> copy(Map<String, Object> object) {
        return (Map<String, Object>) copyValue(object);
    }

    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), copyValue(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return new java.util.ArrayList<>(list.stream().map(KubeObjects::copyValue).toList());
        }
        return value;
    }

    /** Adds labels to metadata.labels (a copy of the object is changed and returned). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> withLabels(Map<String, Object> object, Map<String, String> labels) {
        Map<String, Object> copy = copy(object);
        Map<String, Object> md = (Map<String, Object>) copy.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
        Map<String, Object> existing = md.get("labels") instanceof Map ? (Map<String, Object>) md.get("labels") : new LinkedHashMap<>();
        Map<String, Object> merged = new LinkedHashMap<>(existing);
        merged.putAll(labels);
        md.put("labels", merged);
        return copy;
    }

    /** Sets metadata.namespace when the object is namespaced and has none. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> inNamespace(Map<String, Object> object, String namespace) {
        Map<String, Object> copy = copy(object);
        Map<String, Object> md = (Map<String, Object>) copy.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
        md.putIfAbsent("namespace", namespace);
        return copy;
    }

    static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
