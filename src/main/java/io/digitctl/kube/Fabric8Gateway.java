package io.digitctl.kube;

import io.digitctl.model.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;

import io.digitctl.kube.discovery.ServedKind;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@link ClusterGateway} over the fabric8 client: every call retried as {@link Retry} says, errors
 * typed as {@link KubeException}s with readable messages. Reads, server-side apply and deletes are
 * idempotent; create and replace are retried too, but a conflict met by a retried attempt is
 * checked against what landed (see {@link #create}).
 */
public final class Fabric8Gateway implements ClusterGateway, AutoCloseable {
    public static final String FIELD_MANAGER = "digitctl";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final KubernetesClient client;
    private final Retry retry;
    private final Map<String, ResourceDefinitionContext> customKinds = new java.util.concurrent.ConcurrentHashMap<>();

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
        ResourceDefinitionContext custom = resource instanceof GenericKubernetesResource
                ? customKinds.get(KubeObjects.apiVersion(object) + "|" + object.get("kind")) : null;
        if (custom != null) {
            MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op =
                    client.genericKubernetesResources(custom);
            String namespace = resource.getMetadata().getNamespace();
            Resource<GenericKubernetesResource> target = custom.isNamespaceScoped() && namespace != null
                    ? op.inNamespace(namespace).resource((GenericKubernetesResource) resource) : op.resource((GenericKubernetesResource) resource);
            return call(dryRun ? "dry-run apply" : "apply", object, () -> toMap(target.dryRun(dryRun)
                    .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply()));
        }
        return call(dryRun ? "dry-run apply" : "apply", object, () -> toMap(client.resource(resource).dryRun(dryRun)
                .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply()));
    }

    @Override
    public Optional<Map<String, Object>> get(String apiVersion, ResourceKey key) {
        return Optional.ofNullable(call("read", key, () -> {
            // a kind the server does not serve (its CRD is not established yet) has no objects
            GenericKubernetesResource found = knownOperation(apiVersion, key.kind()).map(op -> named(op, key).get()).orElse(null);
            return found == null ? null : toMap(found);
        }));
    }

    @Override
    public List<Map<String, Object>> list(String apiVersion, String kind, String namespace, Map<String, String> labels) {
        return call("list " + kind, null, () -> {
            var known = knownOperation(apiVersion, kind);
            if (known.isEmpty()) {
                return List.<Map<String, Object>>of();
            }
            var op = known.get();
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
    public boolean delete(String apiVersion, ResourceKey key, String resourceVersion) {
        if (resourceVersion == null) {
            return delete(apiVersion, key);
        }
        return call("delete", key, () -> !named(apiVersion, key).lockResourceVersion(resourceVersion).delete().isEmpty());
    }

    /**
     * Creates. A create is not idempotent: when an attempt was retried (a lost response, a 5xx
     * after the server stored it) and a later attempt finds the object existing, the live object
     * is compared with what was sent, and when it is ours the create succeeded.
     */
    @Override
    public Map<String, Object> create(Map<String, Object> object) {
        HasMetadata resource = toResource(object);
        return landedAware("create", object, () -> toMap(client.resource(resource).create()));
    }

    /** Replaces, with the same check as {@link #create} when a retried attempt meets a conflict. */
    @Override
    public Map<String, Object> replace(Map<String, Object> object) {
        HasMetadata resource = toResource(object);
        return landedAware("replace", object, () -> toMap(client.resource(resource).update()));
    }

    private Map<String, Object> landedAware(String what, Map<String, Object> object, Supplier<Map<String, Object>> call) {
        AtomicInteger attempts = new AtomicInteger();
        try {
            return call(what, object, () -> {
                attempts.incrementAndGet();
                return call.get();
            });
        } catch (ConflictException e) {
            if (attempts.get() > 1) {
                Optional<Map<String, Object>> live = get(KubeObjects.apiVersion(object), KubeObjects.key(object));
                if (live.isPresent() && sameContent(object, live.get())) {
                    return live.get();
                }
            }
            throw e;
        }
    }

    /**
     * Whether the live object holds what was sent: every top-level field but metadata and status,
     * and the labels and annotations (numbers compared as JSON, so 60 and 60L are equal).
     */
    static boolean sameContent(Map<String, Object> sent, Map<String, Object> live) {
        for (Map.Entry<String, Object> field : sent.entrySet()) {
            if (!field.getKey().equals("metadata") && !field.getKey().equals("status") && !sameJson(field.getValue(), live.get(field.getKey()))) {
                return false;
            }
        }
        for (String part : List.of("labels", "annotations")) {
            Object mine = KubeObjects.metadata(sent).get(part);
            if (mine != null && !sameJson(mine, KubeObjects.metadata(live).get(part))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameJson(Object a, Object b) {
        try {
            return JSON.readTree(JSON.writeValueAsString(a)).equals(JSON.readTree(JSON.writeValueAsString(b)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return false;
        }
    }

    /**
     * Custom kinds by what discovery said when it was last read: the client cannot find their REST
     * paths otherwise, and must not remember a kind as missing after its CRD is established.
     */
    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> kindOperation(
            String apiVersion, String kind) {
        ResourceDefinitionContext custom = customKinds.get(apiVersion + "|" + kind);
        return custom != null ? client.genericKubernetesResources(custom) : client.genericKubernetesResources(apiVersion, kind);
    }

    /** The operation for a kind the client can address (a built-in it knows, or a kind discovery listed); empty for another. */
    private Optional<MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>> knownOperation(
            String apiVersion, String kind) {
        try {
            return Optional.of(kindOperation(apiVersion, kind));
        } catch (RuntimeException unknown) {
            return Optional.empty();
        }
    }

    private Resource<GenericKubernetesResource> named(String apiVersion, ResourceKey key) {
        return named(kindOperation(apiVersion, key.kind()), key);
    }

    private static Resource<GenericKubernetesResource> named(
            MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op, ResourceKey key) {
        return key.namespace().isEmpty() ? op.withName(key.name()) : op.inNamespace(key.namespace()).withName(key.name());
    }

    private <T> T call(String what, Object subject, Supplier<T> call) {
        try {
            return retry.call(call);
        } catch (KubernetesClientException e) {
            throw KubeErrors.describe(what, subject, server(), e);
        }
    }

    /** The typed object for a map, so that the client knows each built-in kind's API path without discovery. */
    private HasMetadata toResource(Map<String, Object> object) {
        try {
            return client.getKubernetesSerialization().unmarshal(client.getKubernetesSerialization().asJson(object));
        } catch (RuntimeException e) {
            // a field of the wrong type (containerPort: "http") fails here, before any request: as the server would, refuse it
            String reason = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : String.valueOf(e.getMessage());
            String firstLine = reason.lines().findFirst().orElse(reason);
            throw new KubeException.Rejected("Cannot send " + KubeObjects.key(object) + ": it is not a valid " + object.get("kind")
                    + " (" + firstLine + "). Fix the chart or its values.", 400, firstLine, e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> toMap(Object resource) {
        return client.getKubernetesSerialization().convertValue(resource, Map.class);
    }

    @Override
    public List<ServedKind> servedKinds() {
        return call("read the served kinds (discovery)", null, () -> {
            List<ServedKind> kinds = new ArrayList<>(served("", client.getApiResources("v1")));
            // one request per group version; read together, as kubectl does, since a cluster has dozens
            List<java.util.concurrent.CompletableFuture<List<ServedKind>>> reads = new ArrayList<>();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "discovery");
                t.setDaemon(true);
                return t;
            });
            try {
                for (APIGroup group : client.getApiGroups().getGroups()) {
                    for (GroupVersionForDiscovery version : group.getVersions()) {
                        // one group that does not answer (metrics.k8s.io while metrics-server restarts, an APIService
                        // left behind) must not stop a deploy that uses none of its kinds: as kubectl, skip it
                        reads.add(java.util.concurrent.CompletableFuture.supplyAsync(
                                () -> served(group.getName(), client.getApiResources(version.getGroupVersion())), pool)
                                .exceptionally(failed -> List.of()));
                    }
                }
                for (java.util.concurrent.CompletableFuture<List<ServedKind>> read : reads) {
                    kinds.addAll(joined(read));
                }
            } finally {
                pool.shutdownNow();
            }
            for (ServedKind k : kinds) {
                customKinds.put(k.apiVersion() + "|" + k.kind(), new ResourceDefinitionContext.Builder().withGroup(k.group())
                        .withVersion(k.version()).withKind(k.kind()).withPlural(k.plural()).withNamespaced(k.namespaced()).build());
            }
            return kinds;
        });
    }

    private static List<ServedKind> joined(java.util.concurrent.CompletableFuture<List<ServedKind>> read) {
        try {
            return read.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
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
