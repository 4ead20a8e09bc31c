package io.digitctl.web;

import io.digitctl.action.ClusterQueries;
import io.digitctl.action.LiveEnvironment;
import io.digitctl.kube.KubeConnector;
import io.digitctl.model.ReleaseChart;
import io.digitctl.model.ReleaseModule;
import io.digitctl.tree.DeployTree;
import io.digitctl.tree.Environment;
import io.digitctl.tree.ReleaseChartFile;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The environments of the dashboard, each read on its own schedule so that a slow or unreachable
 * cluster delays only its own column; the overview is rebuilt after each read and published to
 * the event streams when it changed.
 */
final class Dashboard implements AutoCloseable {
    /** What was last read from one environment's cluster. */
    record Snapshot(String environment, String context, boolean reachable, String error,
                    List<ClusterQueries.ServiceStatus> services, String readAt) {
    }

    private final ServeOptions options;
    private final DeployTree tree;
    private final List<String> environments;
    private final Map<String, LiveEnvironment> live = new LinkedHashMap<>();
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final Events events;
    private final ScheduledExecutorService readers;
    private volatile String lastOverview = "";
    private final Map<String, String> contexts = new ConcurrentHashMap<>();
    private volatile Map<String, String> modulesCache;
    private volatile long modulesReadAt;
    private static final long TREE_CACHE_MILLIS = 30_000;

    Dashboard(ServeOptions options, Events events) {
        this.options = options;
        this.events = events;
        this.tree = options.helmDir() != null && Files.isDirectory(options.helmDir()) ? new DeployTree(options.helmDir()) : null;
        this.environments = !options.environments().isEmpty() ? List.copyOf(options.environments())
                : tree == null ? List.of() : tree.environmentNames();
        for (String env : environments) {
            live.put(env, new LiveEnvironment(options.helmDir(), env, options.target()));
        }
        this.readers = Executors.newScheduledThreadPool(Math.max(1, Math.min(4, environments.size())), r -> {
            Thread t = new Thread(r, "serve-read");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads every environment once now, then every {@code refresh}. */
    void start() {
        for (String env : environments) {
            readers.scheduleWithFixedDelay(() -> refresh(env), 0, options.refresh().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    List<String> environments() {
        return environments;
    }

    DeployTree tree() {
        return tree;
    }

    LiveEnvironment environment(String name) {
        LiveEnvironment env = live.get(name);
        if (env == null) {
            throw new HttpError(404, "No environment " + name + "; the dashboard shows " + String.join(", ", environments) + ".");
        }
        return env;
    }

    /** Reads one environment now (also after an action), and publishes the overview if it changed. */
    void refresh(String env) {
        Snapshot snapshot;
        try {
            snapshot = new Snapshot(env, context(env), true, null, live.get(env).status(), Instant.now().toString());
        } catch (RuntimeException e) {
            snapshot = new Snapshot(env, context(env), false, e.getMessage() == null ? e.toString() : e.getMessage(), List.of(),
                    Instant.now().toString());
        }
        snapshots.put(env, snapshot);
        String overview = Views.json(overview());
        if (!overview.equals(lastOverview)) {
            lastOverview = overview;
            events.publish("overview", overview);
        }
    }

    /** An environment as the overview shows it: name, context, and whether its cluster answered at the last read. */
    Map<String, Object> column(String env) {
        Snapshot s = snapshots.get(env);
        Map<String, Object> column = new LinkedHashMap<>();
        column.put("name", env);
        column.put("context", context(env));
        column.put("state", s == null ? "reading" : s.reachable() ? "reachable" : "unreachable");
        column.put("error", s == null ? null : s.error());
        return column;
    }

    /** The context given on the command line, else the env file's, else the kubeconfig's current one. */
    String context(String env) {
        return contexts.computeIfAbsent(env, this::readContext);
    }

    private String readContext(String env) {
        String fromFile = null;
        if (tree != null && Files.isRegularFile(tree.environmentsDir().resolve(env + ".yaml"))) {
            try {
                Environment e = tree.environment(env);
                fromFile = e.global("kubeContext").orElse(null);
            } catch (RuntimeException unreadable) {
                // the read of the cluster says what is wrong
            }
        }
        KubeConnector.Target target = options.target();
        // as ClusterSession chooses: --context, else the env file's, else the kubeconfig's current one
        return target.context() != null ? target.context() : fromFile != null ? fromFile : "(current context)";
    }

    /** Module of each service, from the newest version of each product's release chart. */
    Map<String, String> modules() {
        Map<String, String> cached = modulesCache;
        if (cached == null || System.currentTimeMillis() - modulesReadAt > TREE_CACHE_MILLIS) {
            cached = readModules();
            modulesCache = cached;
            modulesReadAt = System.currentTimeMillis();
        }
        return cached;
    }

    private Map<String, String> readModules() {
        Map<String, String> modules = new LinkedHashMap<>();
        if (tree == null) {
            return modules;
        }
        Map<String, ReleaseChartFile> newest = new LinkedHashMap<>();
        try {
            for (ReleaseChartFile f : tree.releases().list()) {
                newest.put(f.product(), f);
            }
            for (ReleaseChartFile f : newest.values()) {
                ReleaseChart chart = tree.releases().load(f.product(), f.version());
                for (ReleaseModule m : chart.modules()) {
                    for (ReleaseModule.PinnedImage image : m.images()) {
                        modules.putIfAbsent(image.image().serviceName(), m.name());
                    }
                }
            }
        } catch (RuntimeException unreadable) {
            // a broken release chart leaves services ungrouped; validate names it
        }
        return modules;
    }

    /** Services (rows, by module) × environments (columns); a tag that differs from the left neighbour is marked. */
    Map<String, Object> overview() {
        List<Map<String, Object>> columns = new ArrayList<>();
        Map<String, Map<String, Map<String, Object>>> rows = new java.util.TreeMap<>();
        for (String env : environments) {
            Snapshot s = snapshots.get(env);
            columns.add(column(env));
            if (s != null) {
                for (ClusterQueries.ServiceStatus status : s.services()) {
                    rows.computeIfAbsent(status.service(), k -> new LinkedHashMap<>()).put(env, Views.statusWithTag(status));
                }
            }
        }
        Map<String, String> moduleOf = modules();
        // modules in release order, then what no release names
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        moduleOf.values().forEach(m -> groups.put(m, new ArrayList<>()));
        rows.forEach((service, cells) -> {
            String previous = null;
            for (String env : environments) {
                Map<String, Object> cell = cells.get(env);
                if (cell == null) {
                    previous = null;
                    continue;
                }
                String tag = String.valueOf(cell.get("tag"));
                cell.put("changed", previous != null && !previous.equals(tag));
                previous = tag;
            }
            String module = moduleOf.getOrDefault(service, service.equals("cluster-configs") ? "(cluster)" : "(no release)");
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("service", service);
            row.put("cells", cells);
            groups.computeIfAbsent(module, k -> new ArrayList<>()).add(row);
        });
        List<Map<String, Object>> modules = new ArrayList<>();
        groups.forEach((module, services) -> {
            if (!services.isEmpty()) {
                modules.add(Map.of("module", module, "services", services));
            }
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("environments", columns);
        out.put("modules", modules);
        out.put("actionsEnabled", options.actionsEnabled());
        return out;
    }

    @Override
    public void close() {
        readers.shutdownNow();
        live.values().forEach(LiveEnvironment::close);
    }
}
