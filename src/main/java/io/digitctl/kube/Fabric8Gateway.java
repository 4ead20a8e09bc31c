package io.digitctl.kube;

import io.digitctl.model.DigitctlException;
import io.digitctl.model.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;

import io.digitctl.kube.discovery.ServedKind;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ClusterGateway} over the fabric8 client: every call retried as {@link Retry} says, errors made readable. */
public final class Fabric8Gateway implements ClusterGateway, AutoCloseable {
    public static final String FIELD_MANAGER = "digitctl";

    private final KubernetesClient client;
    private final Retry retry;

    public Fabric8Gateway(KubernetesClient client, Retry retry) {
        this.client = client;
        this.retry = retry;
    }

    @Override
    public String server() {
        return client.getMasterUrl().toString();
    }

    @Override
    public String serverVersion() {
        return call("read the server version", null, () -> client.getKubernetesVersion().getGitVersion());
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> object, boolean dryRun) {
        HasMetadata resource = toResource(object);
        return call(dryRun ? "dry-run apply" : "apply", object, () -> toMap(client.resource(resource).dryRun(dryRun)
                .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply()));
    }

    @Override
    public Optional<Map<String, Object>> get(String apiVersion, ResourceKey key) {
        return Optional.ofNullable(call("read", key, () -> {
            GenericKubernetesResource found = named(apiVersion, key).get();
            return found == null ? null : toMap(found);
        }));
    }

    @Override
    public List<Map<String, Object>> list(String apiVersion, String kind, String namespace, Map<String, String> labels) {
        return call("list " + kind, null, () -> {
            MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op =
                    client.genericKubernetesResources(apiVersion, kind);
            GenericKubernetesResourceList list = (namespace == null ? op.inAnyNamespace().withLabels(labels)
                    : op.inNamespace(namespace).withLabels(labels)).list();
            return list.getItems().stream().map(this::toMap).toList();
        });
    }

    @Override
    public boolean delete(String apiVersion, ResourceKey key) {
        return call("delete", key, () -> !named(apiVersion, key).delete().isEmpty());
    }

    @Override
    public Map<String, Object> create(Map<String, Object> object) {
        HasMetadata resource = toResource(object);
        return conflictAware("create", object, "exists already", () -> toMap(client.resource(resource).create()));
    }

    @Override
    public Map<String, Object> replace(Map<String, Object> object) {
        HasMetadata resource = toResource(object);
        return conflictAware("replace", object, "changed since it was read", () -> toMap(client.resource(resource).update()));
    }

    /** A 409 becomes a {@link ConflictException}, which callers such as the lock handle. */
    private Map<String, Object> conflictAware(String what, Map<String, Object> object, String conflict,
                                              java.util.function.Supplier<Map<String, Object>> call) {
        try {
            return call(what, object, call);
        } catch (DigitctlException e) {
            if (e.getCause() instanceof KubernetesClientException k && k.getCode() == 409) {
                throw new ConflictException(KubeObjects.key(object) + " " + conflict);
            }
            throw e;
        }
    }

    private Resource<GenericKubernetesResource> named(String apiVersion, ResourceKey key) {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op =
                client.genericKubernetesResources(apiVersion, key.kind());
        return key.namespace().isEmpty() ? op.withName(key.name()) : op.inNamespace(key.namespace()).withName(key.name());
    }

    private <T> T call(String what, Object subject, java.util.function.Supplier<T> call) {
        try {
            return retry.call(call);
        } catch (KubernetesClientException e) {
            throw KubeErrors.describe(what, subject, server(), e);
        }
    }

    /** The typed object for a map, so that the client knows each built-in kind's API path without discovery. */
    private HasMetadata toResource(Map<String, Object> object) {
        return client.getKubernetesSerialization().unmarshal(client.getKubernetesSerialization().asJson(object));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> toMap(Object resource) {
        return client.getKubernetesSerialization().convertValue(resource, Map.class);
    }

    @Override
    public List<ServedKind> servedKinds() {
        return call("read the served kinds (discovery)", null, () -> {
            List<ServedKind> kinds = new ArrayList<>(served("", client.getApiResources("v1")));
            for (APIGroup group : client.getApiGroups().getGroups()) {
                for (GroupVersionForDiscovery version : group.getVersions()) {
                    kinds.addAll(served(group.getName(), client.getApiResources(version.getGroupVersion())));
                }
            }
            return kinds;
        });
    }

    private static List<ServedKind> served(String group, APIResourceList resources) {
        if (resources == null || resources.getResources() == null) {
            return List.of();
        }
        String version = resources.getGroupVersion().contains("/")
                ? resources.getGroupVersion().substring(resources.getGroupVersion().indexOf('/') + 1) : resources.getGroupVersion();
        // subresources such as deployments/status are listed as resources too, with a slash in their name
        return resources.getResources().stream().filter(r -> !r.getName().contains("/"))
                .map(r -> new ServedKind(group, version, r.getKind(), r.getName(), Boolean.TRUE.equals(r.getNamespaced()))).toList();
    }

    @Override
    public void close() {
        client.close();
    }
}
