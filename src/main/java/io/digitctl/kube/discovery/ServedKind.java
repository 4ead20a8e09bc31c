package io.digitctl.kube.discovery;

/**
 * A kind the API server serves, as discovery lists it.
 *
 * @param group      the API group, empty for the core group
 * @param version    the version of the group that serves it
 * @param kind       the kind, such as {@code Deployment}
 * @param plural     the resource name in REST paths and webhook rules, such as {@code deployments}
 * @param namespaced whether its objects live in namespaces
 */
public record ServedKind(String group, String version, String kind, String plural, boolean namespaced) {

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }
}
