package io.digitctl.action;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitctl.event.ProgressListener;
import io.digitctl.kube.KubeConnector;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.apply.DeployLabels;
import io.digitctl.kube.ledger.DeployRecord;
import io.digitctl.kube.ledger.Revision;
import io.digitctl.model.ResourceKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One environment's cluster, kept connected for repeated read-only queries (a dashboard asks every
 * few seconds): status, history, deploy records, live objects. A query that fails drops the
 * connection, and the next one connects anew, so a cluster that comes back is seen again.
 */
public final class LiveEnvironment implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Names of cluster-configs config map keys that differ between the env file and the last applied revision. */
    public record ConfigKeyChanges(int revision, List<String> added, List<String> removed, List<String> changed) {
    }

    private final Path helmDir;
    private final String environment;
    private final KubeConnector.Target target;
    private ClusterSession session;

    public LiveEnvironment(Path helmDir, String environment, KubeConnector.Target target) {
        this.helmDir = helmDir;
        this.environment = environment;
        this.target = target;
    }

    public String environment() {
        return environment;
    }

    public synchronized List<ClusterQueries.ServiceStatus> status() {
        return query(ClusterQueries::statuses);
    }

    /** Every revision of a service (all when null), oldest first, as recorded (Secret values are never recorded). */
    public synchronized List<Revision> history(String service) {
        return query(s -> s.ledger().history(service));
    }

    /** The environment-level deploy records, newest first. */
    public synchronized List<DeployRecord> deploys() {
        return query(s -> {
            List<DeployRecord> out = new ArrayList<>();
            for (Map<String, Object> secret : s.cluster.list("v1", "Secret", ApplyOptions.LEDGER_NAMESPACE,
                    Map.of("digitctl.io/ledger", "deploy", DeployLabels.ENVIRONMENT, environment))) {
                Object data = KubeObjects.at(secret, "data", "deploy");
                if (data == null) {
                    continue;
                }
                try {
                    out.add(JSON.readValue(new String(Base64.getDecoder().decode(data.toString()), StandardCharsets.UTF_8), DeployRecord.class));
                } catch (IOException | IllegalArgumentException unreadable) {
                    // a record another version wrote, or damaged: the services' revisions still tell
                }
            }
            out.sort(Comparator.comparing(DeployRecord::deployId).reversed());
            return out;
        });
    }

    /** The live object, as the API server returns it (callers mask Secrets). */
    public synchronized Optional<Map<String, Object>> live(String apiVersion, ResourceKey key) {
        return query(s -> s.cluster.get(apiVersion, key));
    }

    /**
     * Keys of the env file's {@code cluster-configs.configmaps} that differ from the config maps the
     * last revision of {@code cluster-configs} applied: names only, as {@code <configmap>/<key>}.
     */
    public synchronized Optional<ConfigKeyChanges> clusterConfigChanges() {
        return query(s -> {
            if (s.tree == null) {
                return Optional.empty();
            }
            List<Revision> revisions = s.ledger().history("cluster-configs");
            if (revisions.isEmpty()) {
                return Optional.empty();
            }
            Revision last = revisions.get(revisions.size() - 1);
            Map<String, String> applied = new LinkedHashMap<>();
            for (Map<String, Object> o : last.manifests()) {
                if ("ConfigMap".equals(o.get("kind")) && o.get("data") instanceof Map<?, ?> data) {
                    String name = String.valueOf(KubeObjects.metadata(o).get("name"));
                    data.forEach((k, v) -> applied.put(name + "/" + k, String.valueOf(v)));
                }
            }
            Map<String, String> wanted = new LinkedHashMap<>();
            if (KubeObjects.at(s.env.values(), "cluster-configs", "configmaps") instanceof Map<?, ?> maps) {
                maps.forEach((name, spec) -> {
                    if (KubeObjects.at(spec, "data") instanceof Map<?, ?> data) {
                        data.forEach((k, v) -> wanted.put(name + "/" + k, String.valueOf(v)));
                    }
                });
            }
            TreeSet<String> added = new TreeSet<>(wanted.keySet());
            added.removeAll(applied.keySet());
            TreeSet<String> removed = new TreeSet<>(applied.keySet());
            // config maps the env file does not describe (made by templates) are not the env file's to remove
            removed.removeIf(k -> wanted.keySet().stream().noneMatch(w -> w.startsWith(k.substring(0, k.indexOf('/') + 1))));
            removed.removeAll(wanted.keySet());
            TreeSet<String> changed = new TreeSet<>();
            wanted.forEach((k, v) -> {
                if (applied.containsKey(k) && !applied.get(k).equals(v)) {
                    changed.add(k);
                }
            });
            return Optional.of(new ConfigKeyChanges(last.number(), List.copyOf(added), List.copyOf(removed), List.copyOf(changed)));
        });
    }

    private <T> T query(Function<ClusterSession, T> work) {
        try {
            if (session == null) {
                session = ClusterSession.openForLedger(helmDir, environment, target, ProgressListener.SILENT);
            }
            return work.apply(session);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            try {
                session.close();
            } catch (RuntimeException ignored) {
                // closing a broken connection
            }
            session = null;
        }
    }
}
