package io.digitctl.action;

import io.digitctl.kube.ClusterGateway;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.apply.ConfigReferences;
import io.digitctl.kube.apply.WebhookRefusal;
import io.digitctl.kube.discovery.KindCatalog;
import io.digitctl.model.DigitctlException;
import io.digitctl.model.ResourceKey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a fresh cluster would refuse, found before anything of the deploy is written, in one report:
 * kinds the cluster does not serve and no CRD of the deploy defines; namespaces that do not exist
 * (digitctl creates them); Secrets and ConfigMaps that workloads need and that exist nowhere; and
 * everything a server-side dry-run of each object refuses (validation, decoding, immutable fields).
 */
final class Preflight {
    /** One thing the API server would refuse. */
    record Problem(String service, String subject, String message) {
        @Override
        public String toString() {
            return service + ": " + subject + ": " + message;
        }
    }

    /** The findings; {@code leftOut} are the objects --skip-unserved leaves out. */
    record Report(List<Problem> errors, List<String> warnings, Set<String> namespacesToCreate, Set<ResourceKey> leftOut) {
        boolean ok() {
            return errors.isEmpty();
        }

        DigitctlException refusal() {
            return new DigitctlException("Preflight found " + errors.size() + " problem" + (errors.size() == 1 ? "" : "s")
                    + " that the cluster would refuse; nothing was applied:\n  - "
                    + String.join("\n  - ", errors.stream().map(Problem::toString).toList()));
        }
    }

    private static final Map<String, String> OPERATORS = Map.of(
            "monitoring.coreos.com", "the Prometheus Operator (its CRDs)",
            "cert-manager.io", "cert-manager (its CRDs)",
            "acme.cert-manager.io", "cert-manager (its CRDs)",
            "networking.istio.io", "Istio",
            "jaegertracing.io", "the Jaeger Operator",
            "kafka.strimzi.io", "Strimzi",
            "velero.io", "Velero");

    private final ClusterGateway cluster;
    private final KindCatalog kinds;
    private final ApplyOptions options;
    private final Map<String, Boolean> namespaceExists = new ConcurrentHashMap<>();

    Preflight(ClusterGateway cluster, KindCatalog kinds, ApplyOptions options) {
        this.cluster = cluster;
        this.kinds = kinds;
        this.options = options;
    }

    Report check(Collection<ServiceObjects> services, Set<String> revisionNamespaces) {
        List<Problem> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<ResourceKey> leftOut = new LinkedHashSet<>();
        unservedKinds(services, errors, warnings, leftOut);
        Set<String> toCreate = missingNamespaces(services, revisionNamespaces);
        missingConfig(services, toCreate, errors, warnings);
        dryRun(services, toCreate, leftOut, errors);
        return new Report(List.copyOf(errors), List.copyOf(warnings), toCreate, leftOut);
    }

    private void unservedKinds(Collection<ServiceObjects> services, List<Problem> errors, List<String> warnings, Set<ResourceKey> leftOut) {
        for (ServiceObjects s : services) {
            for (Map<String, Object> o : s.all()) {
                String apiVersion = KubeObjects.apiVersion(o);
                String kind = String.valueOf(o.get("kind"));
                if (kinds.isServed(apiVersion, kind) || kinds.isDeclared(apiVersion, kind)) {
                    continue;
                }
                String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
                String install = OPERATORS.getOrDefault(group, "the operator or CRD that provides it");
                String message = "the cluster does not serve apiVersion " + apiVersion + " kind " + kind
                        + ", and no CRD of this deploy defines it. Install " + install + " first";
                if (options.skipUnserved()) {
                    leftOut.add(KubeObjects.key(o));
                    warnings.add(s.name() + ": " + KubeObjects.key(o) + " left out: " + message + " (--skip-unserved)");
                } else {
                    errors.add(new Problem(s.name(), KubeObjects.key(o).toString(), message + ", or pass --skip-unserved to leave such objects out."));
                }
            }
        }
    }

    /** Namespaces that objects or revisions go to, that do not exist and that no Namespace object of the deploy creates. */
    private Set<String> missingNamespaces(Collection<ServiceObjects> services, Set<String> revisionNamespaces) {
        Set<String> created = new HashSet<>();
        Set<String> needed = new TreeSet<>(revisionNamespaces);
        for (ServiceObjects s : services) {
            s.clusterWide().stream().filter(o -> "Namespace".equals(o.get("kind")))
                    .forEach(o -> created.add(String.valueOf(KubeObjects.metadata(o).get("name"))));
            for (Map<String, Object> o : s.all()) {
                Object ns = KubeObjects.metadata(o).get("namespace");
                if (ns != null) {
                    needed.add(String.valueOf(ns));
                }
            }
        }
        Set<String> missing = new TreeSet<>();
        for (String ns : needed) {
            if (!created.contains(ns) && !namespaceExists(ns)) {
                missing.add(ns);
            }
        }
        return missing;
    }

    private boolean namespaceExists(String namespace) {
        return namespaceExists.computeIfAbsent(namespace,
                ns -> cluster.get("v1", new ResourceKey("", "Namespace", "", ns)).isPresent());
    }

    private void missingConfig(Collection<ServiceObjects> services, Set<String> namespacesToCreate, List<Problem> errors, List<String> warnings) {
        Set<ConfigReferences.Ref> inDeploy = new HashSet<>();
        List<Map<String, Object>> everything = new ArrayList<>();
        for (ServiceObjects s : services) {
            everything.addAll(s.all());
            for (Map<String, Object> o : s.all()) {
                String kind = String.valueOf(o.get("kind"));
                if (kind.equals("Secret") || kind.equals("ConfigMap")) {
                    inDeploy.add(new ConfigReferences.Ref(kind, String.valueOf(KubeObjects.metadata(o).get("namespace")),
                            String.valueOf(KubeObjects.metadata(o).get("name"))));
                }
            }
        }
        inDeploy.addAll(ConfigReferences.produced(everything));
        Map<ConfigReferences.Ref, Boolean> live = new LinkedHashMap<>();
        for (ServiceObjects s : services) {
            Set<ConfigReferences.Ref> missing = new LinkedHashSet<>();
            for (Map<String, Object> o : s.all()) {
                for (ConfigReferences.Ref ref : ConfigReferences.of(o)) {
                    if (!inDeploy.contains(ref) && !live.computeIfAbsent(ref, r -> exists(r, namespacesToCreate))) {
                        missing.add(ref);
                    }
                }
            }
            if (missing.isEmpty()) {
                continue;
            }
            String names = String.join(", ", missing.stream().map(Object::toString).toList());
            boolean one = missing.size() == 1;
            String message = "its pods need " + names + ", which neither exist" + (one ? "s" : "") + " in the cluster nor "
                    + (one ? "is" : "are") + " part of this deploy, so they would never start";
            if (options.allowMissingConfig()) {
                warnings.add(s.name() + ": " + message + " (--allow-missing-config)");
            } else {
                errors.add(new Problem(s.name(), "missing configuration", message
                        + ". The environment's config maps and DB secrets come from cluster-configs: deploy with -c, or create them;"
                        + " --allow-missing-config goes ahead anyway."));
            }
        }
    }

    private boolean exists(ConfigReferences.Ref ref, Set<String> namespacesToCreate) {
        if (namespacesToCreate.contains(ref.namespace())) {
            return false;
        }
        return cluster.get("v1", new ResourceKey("", ref.kind(), ref.namespace(), ref.name())).isPresent();
    }

    /**
     * A server-side dry-run of every object that can be checked now: its kind is served and its
     * namespace exists. A webhook that is not up yet is not the object's fault, so its refusal is
     * not a finding; hooks that will be recreated are checked only when none is live.
     */
    private void dryRun(Collection<ServiceObjects> services, Set<String> namespacesToCreate, Set<ResourceKey> leftOut, List<Problem> errors) {
        List<java.util.concurrent.Callable<Optional<Problem>>> calls = new ArrayList<>();
        for (ServiceObjects s : services) {
            for (Map<String, Object> o : s.all()) {
                Object ns = KubeObjects.metadata(o).get("namespace");
                boolean checkable = kinds.isServed(KubeObjects.apiVersion(o), String.valueOf(o.get("kind")))
                        && (ns == null || (!namespacesToCreate.contains(String.valueOf(ns)) && namespaceExists(String.valueOf(ns))))
                        && !leftOut.contains(KubeObjects.key(o));
                if (checkable) {
                    calls.add(() -> dryRunOne(s.name(), o, io.digitctl.render.HelmHook.of(o).isPresent()));
                }
            }
        }
        // a dry-run writes nothing, so --parallel (which bounds writes) does not bound it
        ParallelCalls.run("preflight", Math.max(8, options.parallel()), calls, "during the preflight").forEach(p -> p.ifPresent(errors::add));
    }

    private Optional<Problem> dryRunOne(String service, Map<String, Object> object, boolean hook) {
        ResourceKey key = KubeObjects.key(object);
        if (hook && cluster.get(KubeObjects.apiVersion(object), key).isPresent()) {
            return Optional.empty();
        }
        try {
            cluster.apply(object, true);
            return Optional.empty();
        } catch (DigitctlException e) {
            if (WebhookRefusal.is(e.getMessage())) {
                return Optional.empty();
            }
            return Optional.of(new Problem(service, key.toString(), e.getMessage()));
        }
    }
}
