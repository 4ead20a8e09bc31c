package io.digitctl.kube.apply;

import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.discovery.KindCatalog;
import io.digitctl.kube.discovery.ServedKind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The admission webhooks that a deploy itself installs, and which of its objects they intercept. A
 * real API server refuses an intercepted write until the webhook's workload is up (and, for
 * ingress-nginx, until its post-install hook has put the CA in place), so such objects wait for the
 * service that serves the webhook. Only webhooks with failurePolicy Fail can refuse anything.
 */
public final class WebhookGate {
    private static final Set<String> CONFIGURATION_KINDS = Set.of("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration");

    /** A webhook of this deploy and the service whose workload answers it. */
    public record Webhook(String name, String configuration, String servingService, List<Rule> rules) {
        boolean matches(String group, String version, String resource, boolean namespaced) {
            return rules.stream().anyMatch(r -> r.matches(group, version, resource, namespaced));
        }
    }

    record Rule(Set<String> groups, Set<String> versions, Set<String> resources, Set<String> operations, String scope) {
        boolean matches(String group, String version, String resource, boolean namespaced) {
            boolean writes = operations.contains("*") || operations.contains("CREATE") || operations.contains("UPDATE");
            boolean inScope = scope == null || scope.equals("*") || scope.equals(namespaced ? "Namespaced" : "Cluster");
            return writes && inScope && any(groups, group) && any(versions, version) && resourceMatches(resource);
        }

        /** {@code *} and {@code *}{@code /*} match every resource; {@code x/*} only x's subresources, which a deploy never writes. */
        private boolean resourceMatches(String resource) {
            return resources.contains("*") || resources.contains("*/*") || resources.contains(resource);
        }

        private static boolean any(Set<String> patterns, String value) {
            return patterns.contains("*") || patterns.contains(value);
        }
    }

    private final List<Webhook> webhooks;
    private final KindCatalog kinds;

    private WebhookGate(List<Webhook> webhooks, KindCatalog kinds) {
        this.webhooks = List.copyOf(webhooks);
        this.kinds = kinds;
    }

    public static WebhookGate none() {
        return new WebhookGate(List.of(), KindCatalog.offline());
    }

    /** The webhooks found among the objects of each service (the service name is the key). */
    public static WebhookGate of(Map<String, List<Map<String, Object>>> objectsByService, KindCatalog kinds) {
        List<Webhook> found = new ArrayList<>();
        objectsByService.forEach((service, objects) -> {
            for (Map<String, Object> o : objects) {
                if (!CONFIGURATION_KINDS.contains(String.valueOf(o.get("kind")))) {
                    continue;
                }
                for (Map<String, Object> hook : KubeObjects.list(o, "webhooks")) {
                    if ("Ignore".equals(hook.get("failurePolicy"))) {
                        continue;
                    }
                    String namespace = String.valueOf(KubeObjects.at(hook, "clientConfig", "service", "namespace"));
                    String name = String.valueOf(KubeObjects.at(hook, "clientConfig", "service", "name"));
                    String serving = servingService(objectsByService, namespace, name).orElse(service);
                    found.add(new Webhook(String.valueOf(hook.get("name")), String.valueOf(KubeObjects.metadata(o).get("name")), serving,
                            KubeObjects.list(hook, "rules").stream().map(WebhookGate::rule).toList()));
                }
            }
        });
        return new WebhookGate(found, kinds);
    }

    private static Optional<String> servingService(Map<String, List<Map<String, Object>>> objectsByService, String namespace, String name) {
        for (Map.Entry<String, List<Map<String, Object>>> e : objectsByService.entrySet()) {
            for (Map<String, Object> o : e.getValue()) {
                if ("Service".equals(o.get("kind")) && name.equals(KubeObjects.metadata(o).get("name"))
                        && namespace.equals(String.valueOf(KubeObjects.metadata(o).get("namespace")))) {
                    return Optional.of(e.getKey());
                }
            }
        }
        return Optional.empty();
    }

    private static Rule rule(Map<String, Object> rule) {
        return new Rule(strings(rule.get("apiGroups")), strings(rule.get("apiVersions")), strings(rule.get("resources")),
                strings(rule.get("operations")), rule.get("scope") == null ? null : String.valueOf(rule.get("scope")));
    }

    private static Set<String> strings(Object list) {
        Set<String> out = new HashSet<>();
        if (list instanceof List<?> l) {
            l.forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }

    /** The first webhook of this deploy that a write of the object goes through, if any. */
    public Optional<Webhook> intercepting(Map<String, Object> object) {
        if (webhooks.isEmpty()) {
            return Optional.empty();
        }
        String apiVersion = KubeObjects.apiVersion(object);
        String kind = String.valueOf(object.get("kind"));
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String resource = kinds.find(apiVersion, kind).map(ServedKind::plural).orElse(kind.toLowerCase(Locale.ROOT) + "s");
        boolean namespaced = kinds.isNamespaced(apiVersion, kind);
        return webhooks.stream().filter(w -> w.matches(group, version, resource, namespaced)).findFirst();
    }
}
