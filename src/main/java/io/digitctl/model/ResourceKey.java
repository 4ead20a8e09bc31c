package io.digitctl.model;

/**
 * The one identity of a Kubernetes object in this tool. The group excludes the version, so that
 * {@code apps/v1} and {@code apps/v1beta2} Deployments of one name are the same object.
 */
public record ResourceKey(String group, String kind, String namespace, String name) implements Comparable<ResourceKey> {

    public static ResourceKey of(String apiVersion, String kind, String namespace, String name) {
        String group = apiVersion == null || !apiVersion.contains("/") ? "" : apiVersion.substring(0, apiVersion.indexOf('/'));
        return new ResourceKey(group, kind, namespace == null ? "" : namespace, name);
    }

    @Override
    public int compareTo(ResourceKey o) {
        int c = group.compareTo(o.group);
        if (c == 0) c = kind.compareTo(o.kind);
        if (c == 0) c = namespace.compareTo(o.namespace);
        if (c == 0) c = name.compareTo(o.name);
        return c;
    }

    @Override
    public String toString() {
        String gk = group.isEmpty() ? kind : kind + "." + group;
        return namespace.isEmpty() ? gk + "/" + name : gk + "/" + namespace + "/" + name;
    }
}
