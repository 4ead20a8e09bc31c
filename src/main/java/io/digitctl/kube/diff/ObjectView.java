package io.digitctl.kube.diff;

import io.digitctl.kube.KubeObjects;
import io.digitctl.render.SecretMasking;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An object as compared: without status and server bookkeeping, keys sorted, and Secret values
 * masked unless asked to show them (a value that differs between the sides is marked as changed
 * without being shown).
 */
public final class ObjectView {
    private static final List<String> SERVER_METADATA = List.of("managedFields", "resourceVersion", "uid", "creationTimestamp",
            "generation", "selfLink");
    private static final List<String> SERVER_ANNOTATIONS = List.of("kubectl.kubernetes.io/last-applied-configuration",
            "deployment.kubernetes.io/revision");

    private ObjectView() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> normalized(Map<String, Object> object) {
        Map<String, Object> copy = KubeObjects.copy(object);
        copy.remove("status");
        if (copy.get("metadata") instanceof Map<?, ?> md) {
            Map<String, Object> metadata = (Map<String, Object>) md;
            SERVER_METADATA.forEach(metadata::remove);
            if (metadata.get("annotations") instanceof Map<?, ?> a) {
                Map<String, Object> annotations = (Map<String, Object>) a;
                SERVER_ANNOTATIONS.forEach(annotations::remove);
                if (annotations.isEmpty()) {
                    metadata.remove("annotations");
                }
            }
        }
        return copy;
    }

    /** Both sides as text; Secret values masked pairwise so that a change shows but no value does. */
    public static String[] texts(Map<String, Object> live, Map<String, Object> desired, boolean showSecrets) {
        Map<String, Object> l = live == null ? null : normalized(live);
        Map<String, Object> d = desired == null ? null : normalized(desired);
        if (!showSecrets && isSecret(l != null ? l : d)) {
            maskPairwise(l, d);
        }
        return new String[] {l == null ? "" : yaml(l), d == null ? "" : yaml(d)};
    }

    private static boolean isSecret(Map<String, Object> object) {
        return object != null && "Secret".equals(object.get("kind")) && "v1".equals(object.get("apiVersion"));
    }

    @SuppressWarnings("unchecked")
    private static void maskPairwise(Map<String, Object> live, Map<String, Object> desired) {
        for (String field : List.of("data", "stringData")) {
            Map<String, Object> a = live != null && live.get(field) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
            Map<String, Object> b = desired != null && desired.get(field) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
            java.util.Set<String> changed = new java.util.HashSet<>();
            if (a != null && b != null) {
                a.forEach((k, v) -> {
                    if (b.containsKey(k) && !String.valueOf(b.get(k)).equals(String.valueOf(v))) {
                        changed.add(k);
                    }
                });
            }
            if (a != null) {
                a.replaceAll((k, v) -> changed.contains(k) ? SecretMasking.MASK.replace(">", ": old value>") : SecretMasking.MASK);
            }
            if (b != null) {
                b.replaceAll((k, v) -> changed.contains(k) ? SecretMasking.MASK.replace(">", ": new value>") : SecretMasking.MASK);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return new LinkedHashMap<>(out);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ObjectView::sorted).toList();
        }
        return value;
    }

    static String yaml(Map<String, Object> object) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        return new Yaml(options).dump(sorted(object));
    }
}
