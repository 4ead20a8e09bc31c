package io.digitctl.kube;

/**
 * A REST path of the Kubernetes API taken apart: {@code /apis/apps/v1/namespaces/egov/deployments/x/status}
 * is group apps, version v1, namespace egov, resource deployments, name x, subresource status.
 */
record ApiPath(String group, String version, String namespace, String resource, String name, String subresource) {

    /** The parts of a resource path, or null for anything else (discovery documents, /version, /healthz). */
    static ApiPath parse(String path) {
        String plain = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String[] s = plain.replaceAll("^/+|/+$", "").split("/");
        int rest;
        String group;
        if (s.length >= 3 && s[0].equals("api")) {
            group = "";
            rest = 2;
        } else if (s.length >= 4 && s[0].equals("apis")) {
            group = s[1];
            rest = 3;
        } else {
            return null;
        }
        String version = s[rest - 1];
        int n = s.length - rest;
        boolean namespaceSub = n == 3 && s[rest].equals("namespaces") && (s[rest + 2].equals("status") || s[rest + 2].equals("finalize"));
        if (n >= 3 && s[rest].equals("namespaces") && !namespaceSub) {
            return new ApiPath(group, version, s[rest + 1], s[rest + 2], at(s, rest + 3), at(s, rest + 4));
        }
        return new ApiPath(group, version, null, s[rest], at(s, rest + 1), at(s, rest + 2));
    }

    private static String at(String[] s, int i) {
        return i < s.length ? s[i] : null;
    }

    String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The collection path, such as {@code /api/v1/namespaces/egov/configmaps}. */
    String collection() {
        String root = group.isEmpty() ? "/api/v1" : "/apis/" + group + "/" + version;
        return root + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + resource;
    }

    /** The path of one object of this collection. */
    String object(String objectName) {
        return collection() + "/" + objectName;
    }

    static String collection(String groupVersion, String namespace, String resource) {
        String root = groupVersion.contains("/") ? "/apis/" + groupVersion : "/api/" + groupVersion;
        return root + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + resource;
    }
}
