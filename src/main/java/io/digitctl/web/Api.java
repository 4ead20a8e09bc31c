package io.digitctl.web;

import io.digitctl.action.ClusterQueries;
import io.digitctl.action.LiveEnvironment;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.diff.ObjectView;
import io.digitctl.kube.diff.UnifiedDiff;
import io.digitctl.kube.ledger.Revision;
import io.digitctl.model.ReleaseChart;
import io.digitctl.model.ReleaseModule;
import io.digitctl.model.ResourceKey;
import io.digitctl.render.SecretMasking;
import io.digitctl.tree.ReleaseChartFile;
import org.eclipse.jetty.util.Fields;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The read-only JSON API: one method per page's data. */
final class Api {
    private final Dashboard dashboard;
    private final WebActions actions;

    Api(Dashboard dashboard, WebActions actions) {
        this.dashboard = dashboard;
        this.actions = actions;
    }

    Object get(String path, Fields query) {
        String[] p = path.substring("/api/".length()).split("/");
        String root = p[0];
        if (p.length == 1) {
            return switch (root) {
                case "overview" -> dashboard.overview();
                case "environments" -> environments();
                case "releases" -> releases();
                case "actions" -> Map.of("actions", actions.list());
                default -> throw notFound(path);
            };
        }
        String name = p[1];
        if (root.equals("environments") && p.length == 2) {
            return environment(name);
        }
        if (root.equals("environments") && p.length == 3) {
            return switch (p[2]) {
                case "status" -> status(name);
                case "history" -> history(name, query.getValue("service"));
                case "deploys" -> Map.of("environment", name, "deploys", dashboard.environment(name).deploys().stream().map(Views::deploy).toList());
                case "conformance" -> conformance(name, required(query, "product"), required(query, "version"));
                default -> throw notFound(path);
            };
        }
        if (root.equals("services") && p.length == 2) {
            return service(name);
        }
        if (root.equals("services") && p.length == 3 && p[2].equals("diff")) {
            return diff(name, required(query, "from"), required(query, "to"));
        }
        if (root.equals("actions") && p.length == 2) {
            return actions.job(name).view();
        }
        throw notFound(path);
    }

    private static HttpError notFound(String path) {
        return new HttpError(404, "No API at " + path + "; see the README's list under 'digitctl serve'.");
    }

    private static String required(Fields query, String name) {
        String value = query.getValue(name);
        if (value == null || value.isBlank()) {
            throw new HttpError(400, "Give ?" + name + "=...");
        }
        return value;
    }

    private List<Map<String, Object>> environments() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String env : dashboard.environments()) {
            out.add(dashboard.column(env));
        }
        return out;
    }

    private List<Map<String, Object>> releases() {
        List<Map<String, Object>> out = new ArrayList<>();
        if (dashboard.tree() != null) {
            for (ReleaseChartFile f : dashboard.tree().releases().list()) {
                out.add(Map.of("product", f.product(), "version", f.version()));
            }
        }
        return out;
    }

    /** As {@code digitctl status -e ENV --output json}. */
    private Map<String, Object> status(String env) {
        return Map.of("environment", env, "services", dashboard.environment(env).status().stream().map(Views::status).toList());
    }

    private Map<String, Object> history(String env, String service) {
        return Map.of("environment", env, "revisions", dashboard.environment(env).history(service).stream().map(Views::revision).toList());
    }

    /** The environment page: its services now, its last deploys, and cluster-configs keys changed since the last apply. */
    private Map<String, Object> environment(String env) {
        LiveEnvironment live = dashboard.environment(env);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("environment", env);
        out.put("context", dashboard.context(env));
        try {
            List<ClusterQueries.ServiceStatus> status = live.status();
            out.put("state", "reachable");
            out.put("services", status.stream().map(Views::statusWithTag).toList());
            out.put("deploys", live.deploys().stream().limit(10).map(Views::deploy).toList());
            out.put("clusterConfigs", live.clusterConfigChanges().orElse(null));
        } catch (RuntimeException e) {
            out.put("state", "unreachable");
            out.put("error", e.getMessage());
        }
        out.put("releases", releases());
        return out;
    }

    /** Each service a release pins, against the tag running in the environment. */
    private Map<String, Object> conformance(String env, String product, String version) {
        if (dashboard.tree() == null) {
            throw new HttpError(409, "Conformance needs the deploy-as-code tree: start serve with --helm-dir.");
        }
        ReleaseChart chart = dashboard.tree().releases().load(product, version);
        Map<String, String> running = new LinkedHashMap<>();
        for (ClusterQueries.ServiceStatus s : dashboard.environment(env).status()) {
            running.put(s.service(), Views.tag(s.image()));
        }
        Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        for (ReleaseModule m : chart.modules()) {
            for (ReleaseModule.PinnedImage pinned : m.images()) {
                String service = pinned.image().serviceName();
                if (pinned.image().isMigrationImage() && services.containsKey(service)) {
                    continue;
                }
                String tag = pinned.image().tagOrDigest().orElse("-");
                String now = running.get(service);
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("service", service);
                item.put("module", m.name());
                item.put("pinned", tag);
                item.put("running", now);
                item.put("state", now == null ? "not deployed" : now.equals(tag) ? "matches" : "differs");
                services.put(service, item);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("environment", env);
        out.put("product", product);
        out.put("version", version);
        out.put("conforms", services.values().stream().allMatch(s -> "matches".equals(s.get("state"))));
        out.put("services", List.copyOf(services.values()));
        return out;
    }

    /** The revisions of a service in every environment; an unreachable one says so. */
    private Map<String, Object> service(String service) {
        List<Map<String, Object>> envs = new ArrayList<>();
        for (String env : dashboard.environments()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("environment", env);
            try {
                List<Map<String, Object>> revisions = new ArrayList<>(dashboard.environment(env).history(service).stream().map(Views::revision).toList());
                java.util.Collections.reverse(revisions);
                item.put("revisions", revisions);
            } catch (RuntimeException e) {
                item.put("revisions", List.of());
                item.put("error", e.getMessage());
            }
            envs.add(item);
        }
        return Map.of("service", service, "environments", envs);
    }

    /**
     * A unified diff, object by object, between two revisions ({@code ENV:N}, any environments) or
     * a revision and what runs now ({@code ENV:live}); Secret values are always masked.
     */
    private Map<String, Object> diff(String service, String from, String to) {
        Revision before = revision(service, from);
        String[] target = side(to);
        Map<ResourceKey, Map<String, Object>> left = byKey(before.manifests());
        Map<ResourceKey, Map<String, Object>> right = new LinkedHashMap<>();
        if (target[1].equals("live")) {
            LiveEnvironment env = dashboard.environment(target[0]);
            for (Map<String, Object> o : before.manifests()) {
                env.live(KubeObjects.apiVersion(o), KubeObjects.key(o)).ifPresent(live -> right.put(KubeObjects.key(o), live));
            }
        } else {
            right.putAll(byKey(revision(service, to).manifests()));
        }
        List<ResourceKey> keys = new ArrayList<>(left.keySet());
        right.keySet().stream().filter(k -> !left.containsKey(k)).forEach(keys::add);
        List<Map<String, Object>> changes = new ArrayList<>();
        int unchanged = 0;
        for (ResourceKey key : keys) {
            Map<String, Object> a = left.get(key);
            Map<String, Object> b = right.get(key);
            if (a != null && b != null && "Secret".equals(a.get("kind"))) {
                a = KubeObjects.copy(a);
                b = KubeObjects.copy(b);
                unrecordedValues(a, b);
            }
            String[] texts = ObjectView.texts(a, b, false);
            String diff = UnifiedDiff.of(texts[0], texts[1], a == null ? "/dev/null" : from + " " + key, b == null ? "/dev/null" : to + " " + key);
            if (diff.isEmpty()) {
                unchanged++;
                continue;
            }
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("object", key.toString());
            change.put("op", a == null ? "create" : b == null ? (target[1].equals("live") ? "missing" : "delete") : "update");
            change.put("diff", diff);
            changes.add(change);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("service", service);
        out.put("from", from);
        out.put("to", to);
        out.put("changes", changes);
        out.put("unchanged", unchanged);
        return out;
    }

    /**
     * The ledger records Secrets without values: where one side holds no value (masked), the other
     * side's value is masked the same way, so that an unrecorded value does not show as a change.
     */
    @SuppressWarnings("unchecked")
    private static void unrecordedValues(Map<String, Object> a, Map<String, Object> b) {
        for (String field : List.of("data", "stringData")) {
            if (a.get(field) instanceof Map<?, ?> x && b.get(field) instanceof Map<?, ?> y) {
                Map<String, Object> left = (Map<String, Object>) x;
                Map<String, Object> right = (Map<String, Object>) y;
                for (String k : List.copyOf(left.keySet())) {
                    if (right.containsKey(k) && (SecretMasking.MASK.equals(left.get(k)) || SecretMasking.MASK.equals(right.get(k)))) {
                        left.put(k, SecretMasking.MASK);
                        right.put(k, SecretMasking.MASK);
                    }
                }
            }
        }
    }

    private static Map<ResourceKey, Map<String, Object>> byKey(List<Map<String, Object>> objects) {
        Map<ResourceKey, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map<String, Object> o : objects) {
            out.put(KubeObjects.key(o), o);
        }
        return out;
    }

    private Revision revision(String service, String ref) {
        String[] side = side(ref);
        int number;
        try {
            number = Integer.parseInt(side[1]);
        } catch (NumberFormatException e) {
            throw new HttpError(400, "'" + ref + "' is neither ENV:REVISION nor ENV:live.");
        }
        return dashboard.environment(side[0]).history(service).stream().filter(r -> r.number() == number).findFirst()
                .orElseThrow(() -> new HttpError(404, "Service " + service + " has no revision " + number + " in " + side[0] + "."));
    }

    private static String[] side(String ref) {
        int colon = ref.lastIndexOf(':');
        if (colon <= 0 || colon == ref.length() - 1) {
            throw new HttpError(400, "'" + ref + "' is neither ENV:REVISION nor ENV:live.");
        }
        return new String[] {ref.substring(0, colon), ref.substring(colon + 1)};
    }
}
