package io.digitctl.kube.discovery;

import io.digitctl.kube.ClusterScope;
import io.digitctl.kube.KubeObjects;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kinds a deploy can write: those the cluster serves (from discovery) and those that CRDs of
 * the same deploy will add. It answers whether a kind is served, whether it is namespaced, and its
 * plural name, which webhook rules match on.
 */
public final class KindCatalog {
    private final Map<String, ServedKind> served = new ConcurrentHashMap<>();
    private final Map<String, ServedKind> declared = new ConcurrentHashMap<>();

    public KindCatalog(Collection<ServedKind> servedKinds) {
        servedKinds.forEach(k -> served.put(key(k.apiVersion(), k.kind()), k));
    }

    /** Kinds that these CRDs define: known from now on, but not served until the CRDs are established. */
    public void declare(List<Map<String, Object>> crds) {
        for (Map<String, Object> crd : crds) {
            fromCrd(crd).forEach(k -> declared.put(key(k.apiVersion(), k.kind()), k));
        }
    }

    /** Replaces what the cluster serves, after discovery was read again. */
    public void refresh(Collection<ServedKind> servedKinds) {
        served.clear();
        servedKinds.forEach(k -> served.put(key(k.apiVersion(), k.kind()), k));
    }

    public boolean isServed(String apiVersion, String kind) {
        return served.containsKey(key(apiVersion, kind));
    }

    public boolean isDeclared(String apiVersion, String kind) {
        return declared.containsKey(key(apiVersion, kind));
    }

    public Optional<ServedKind> find(String apiVersion, String kind) {
        ServedKind k = served.get(key(apiVersion, kind));
        return Optional.ofNullable(k != null ? k : declared.get(key(apiVersion, kind)));
    }

    /**
     * Whether objects of a kind live in namespaces: as discovery or the CRD says, for any version of
     * the kind's group; for a kind nobody knows, the built-in list decides.
     */
    public boolean isNamespaced(String apiVersion, String kind) {
        String group = apiVersion == null || !apiVersion.contains("/") ? "" : apiVersion.substring(0, apiVersion.indexOf('/'));
        return find(apiVersion, kind).or(() -> java.util.stream.Stream.concat(served.values().stream(), declared.values().stream())
                        .filter(k -> k.group().equals(group) && k.kind().equals(kind)).findFirst())
                .map(ServedKind::namespaced).orElse(!ClusterScope.isClusterScoped(kind));
    }

    /** A catalog with only the built-in list of cluster-scoped kinds, for when no cluster is asked. */
    public static KindCatalog offline() {
        return new KindCatalog(List.of());
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + "|" + kind;
    }

    static List<ServedKind> fromCrd(Map<String, Object> crd) {
        List<ServedKind> out = new ArrayList<>();
        String group = String.valueOf(KubeObjects.at(crd, "spec", "group"));
        Object kind = KubeObjects.at(crd, "spec", "names", "kind");
        Object plural = KubeObjects.at(crd, "spec", "names", "plural");
        boolean namespaced = !"Cluster".equals(KubeObjects.at(crd, "spec", "scope"));
        if (kind == null || plural == null) {
            return out;
        }
        for (Map<String, Object> version : KubeObjects.list(crd, "spec", "versions")) {
            if (!Boolean.FALSE.equals(version.get("served")) && version.get("name") != null) {
                out.add(new ServedKind(group, String.valueOf(version.get("name")), String.valueOf(kind), String.valueOf(plural), namespaced));
            }
        }
        Object legacyVersion = KubeObjects.at(crd, "spec", "version");
        if (out.isEmpty() && legacyVersion != null) {
            out.add(new ServedKind(group, String.valueOf(legacyVersion), String.valueOf(kind), String.valueOf(plural), namespaced));
        }
        return out;
    }
}
