package io.digitctl.kube.apply;

import io.digitctl.kube.ClusterGateway;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.discovery.KindCatalog;
import io.digitctl.model.DigitctlException;
import io.digitctl.render.Manifest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the objects of one service in kind order, each labelled with its service and environment.
 * A write that an admission webhook refuses because the webhook is not up yet is retried with
 * backoff until the service's deadline; any other refusal fails at once.
 */
public final class ServiceApplier {
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final ClusterGateway cluster;
    private final String environment;
    private final String defaultNamespace;
    private final KindCatalog kinds;
    private final WriteSlots slots;

    public ServiceApplier(ClusterGateway cluster, String environment, String defaultNamespace, KindCatalog kinds) {
        this(cluster, environment, defaultNamespace, kinds, WriteSlots.unbounded());
    }

    public ServiceApplier(ClusterGateway cluster, String environment, String defaultNamespace, KindCatalog kinds, WriteSlots slots) {
        this.cluster = cluster;
        this.environment = environment;
        this.defaultNamespace = defaultNamespace;
        this.kinds = kinds;
        this.slots = slots;
    }

    /** Deletes an object within the write bound; true when something was deleted. */
    public boolean delete(String apiVersion, io.digitctl.model.ResourceKey key) {
        return slots.write(() -> cluster.delete(apiVersion, key));
    }

    /**
     * The object as it is sent: labelled; a namespaced object that names no namespace goes to the
     * default one, and a cluster-scoped object never carries one, whatever the chart wrote.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> desired(Manifest manifest) {
        Map<String, Object> object = KubeObjects.withLabels(manifest.object(), DeployLabels.of(environment, manifest.service()));
        if (kinds.isNamespaced(KubeObjects.apiVersion(manifest.object()), manifest.key().kind())) {
            return KubeObjects.inNamespace(object, defaultNamespace);
        }
        Map<String, Object> metadata = new LinkedHashMap<>((Map<String, Object>) object.get("metadata"));
        metadata.remove("namespace");
        object.put("metadata", metadata);
        return object;
    }

    /** Applies the objects in kind order; on a failure, reports what was applied before it. */
    public List<Map<String, Object>> apply(List<Map<String, Object>> objects, Deadline deadline) {
        List<Map<String, Object>> applied = new ArrayList<>();
        for (Map<String, Object> object : objects.stream().sorted(KindOrder.OBJECTS).toList()) {
            try {
                applyOne(object, deadline);
                applied.add(object);
            } catch (DigitctlException e) {
                throw new ApplyFailure(e.getMessage(), applied);
            }
        }
        return applied;
    }

    /** One object, retried while a webhook refuses it for want of a backend, until the deadline. */
    public Map<String, Object> applyOne(Map<String, Object> object, Deadline deadline) {
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                return slots.write(() -> cluster.apply(object, false));
            } catch (DigitctlException e) {
                if (!WebhookRefusal.is(e.getMessage())) {
                    throw e;
                }
                if (deadline.passed() || deadline.remaining().compareTo(backoff) < 0) {
                    throw new DigitctlException("Webhook " + WebhookRefusal.webhookName(e.getMessage()) + " still refused "
                            + KubeObjects.key(object) + " after " + deadline.total().toSeconds() + "s: " + e.getMessage(), e);
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DigitctlException("Interrupted while waiting for a webhook to accept an object.");
        }
    }
}
