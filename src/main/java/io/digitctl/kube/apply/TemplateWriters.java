package io.digitctl.kube.apply;

import io.digitctl.kube.Fabric8Gateway;
import io.digitctl.kube.KubeObjects;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a workload's live pod template still runs what a deploy applied: another writer (a
 * {@code kubectl set image}, a second deploy forced past the lock) may roll it to something else
 * while the deploy waits, and that rollout must not pass for this deploy's. Images are compared,
 * container by container: the server rewrites other fields (quantities, defaults) on its own.
 */
final class TemplateWriters {
    private TemplateWriters() {
    }

    /** Null while the live template runs the applied images; else who changed it, as managedFields tells. */
    static String changedBy(Map<String, Object> applied, Map<String, Object> live) {
        Map<String, String> mine = images(applied);
        if (mine.isEmpty()) {
            return null;
        }
        Map<String, String> theirs = images(live);
        for (Map.Entry<String, String> e : mine.entrySet()) {
            if (theirs.containsKey(e.getKey()) && !e.getValue().equals(theirs.get(e.getKey()))) {
                return e.getKey() + " runs " + theirs.get(e.getKey()) + " instead of " + e.getValue() + ", last written by " + lastOtherWriter(live);
            }
        }
        return null;
    }

    private static Map<String, String> images(Map<String, Object> workload) {
        Map<String, Object> spec = ConfigReferences.podSpec(workload);
        Map<String, String> out = new HashMap<>();
        List<Map<String, Object>> containers = new ArrayList<>(KubeObjects.list(spec, "initContainers"));
        containers.addAll(KubeObjects.list(spec, "containers"));
        for (Map<String, Object> c : containers) {
            if (c.get("name") != null && c.get("image") != null) {
                out.put(String.valueOf(c.get("name")), String.valueOf(c.get("image")));
            }
        }
        return out;
    }

    private static String lastOtherWriter(Map<String, Object> live) {
        return KubeObjects.list(live, "metadata", "managedFields").stream()
                .filter(f -> !Fabric8Gateway.FIELD_MANAGER.equals(f.get("manager")))
                .max(Comparator.comparing(f -> String.valueOf(f.get("time"))))
                .map(f -> f.get("manager") + " (" + f.get("operation") + " at " + f.get("time") + ")")
                .orElse("a writer the server did not name");
    }
}
