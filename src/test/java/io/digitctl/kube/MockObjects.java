package io.digitctl.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reading and making the plain-map objects the mock controllers handle. */
final class MockObjects {
    private static final ObjectMapper CANONICAL = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final String SAFE = "bcdfghjklmnpqrstvwxz2456789";
    private static final Set<String> TIME_KEYS = Set.of("startedAt", "finishedAt", "lastTransitionTime", "lastUpdateTime",
            "startTime", "completionTime", "lastProbeTime");

    static Map<String, Object> condition(String type, String reason, String message) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("status", "True");
        c.put("lastTransitionTime", MockPods.now());
        c.put("reason", reason);
        c.put("message", message);
        return c;
    }

    static Map<String, List<Map<String, Object>>> byOwner(List<Map<String, Object>> objects) {
        Map<String, List<Map<String, Object>>> out = new HashMap<>();
        for (Map<String, Object> o : objects) {
            for (Map<String, Object> ref : KubeObjects.list(o, "metadata", "ownerReferences")) {
                out.computeIfAbsent(String.valueOf(ref.get("uid")), k -> new ArrayList<>()).add(o);
            }
        }
        return out;
    }

    static boolean isTrue(Map<String, Object> object, String type) {
        return KubeObjects.list(object, "status", "conditions").stream().anyMatch(c -> type.equals(c.get("type")) && "True".equals(c.get("status")));
    }

    static Map<String, Object> metadata(String name, String namespace, Map<String, ?> labels, Map<String, Object> owner) {
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("name", name);
        md.put("namespace", namespace);
        md.put("labels", labels);
        md.put("ownerReferences", List.of(owner));
        return md;
    }

    static Map<String, Object> owner(String apiVersion, String kind, Map<String, Object> object) {
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("apiVersion", apiVersion);
        owner.put("kind", kind);
        owner.put("name", name(object));
        owner.put("uid", uid(object));
        owner.put("controller", true);
        owner.put("blockOwnerDeletion", true);
        return owner;
    }

    static Map<String, Object> firstContainer(Map<String, Object> template) {
        List<Map<String, Object>> containers = KubeObjects.list(template, "spec", "containers");
        return containers.isEmpty() ? Map.of() : containers.get(0);
    }

    /** A status without its timestamps, to tell a real change from the passing of time. */
    @SuppressWarnings("unchecked")
    static Object essence(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> {
                if (!TIME_KEYS.contains(k)) {
                    out.put(k, essence(v));
                }
            });
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(MockObjects::essence).toList();
        }
        return value instanceof Number n ? (Object) n.longValue() : value;
    }

    /** A short name-safe hash, as Kubernetes names pods and ReplicaSets. */
    static String hash(Object value, int length) {
        String text;
        try {
            text = value instanceof String s ? s : CANONICAL.writeValueAsString(value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        long h = 1125899906842597L;
        for (int i = 0; i < text.length(); i++) {
            h = 31 * h + text.charAt(i);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(SAFE.charAt((int) Math.floorMod(h, (long) SAFE.length())));
            h = h / SAFE.length() + (h % 7919) * 104729;
        }
        return out.toString();
    }

    static String podPath(String namespace, String name) {
        return "/api/v1/namespaces/" + namespace + "/pods/" + name;
    }

    static String namespace(Map<String, Object> o) {
        return String.valueOf(KubeObjects.at(o, "metadata", "namespace"));
    }

    static String name(Map<String, Object> o) {
        return String.valueOf(KubeObjects.at(o, "metadata", "name"));
    }

    static String uid(Map<String, Object> o) {
        return String.valueOf(KubeObjects.at(o, "metadata", "uid"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    private MockObjects() {
    }
}
