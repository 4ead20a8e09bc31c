package io.digitctl.action;

import io.digitctl.event.ProgressListener;
import io.digitctl.kube.KubeConnector;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.apply.LiveMatch;
import io.digitctl.kube.apply.VolatilePaths;
import io.digitctl.kube.diff.UnifiedDiff;
import io.digitctl.kube.ledger.Ledger;
import io.digitctl.kube.ledger.Revision;
import io.digitctl.model.ResourceKey;
import io.digitctl.render.HelmHook;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only: the live objects whose digitctl-owned fields (those its last deployed revision
 * applied) no longer hold what it applied, after a {@code kubectl edit}, {@code scale} or
 * {@code set image}; with a diff of those fields. Fields that others own (defaults, status, what a
 * controller adds) do not count; Secret values are not recorded, so only their other fields are
 * checked; hooks run anew on every deploy and are not checked.
 */
public final class DriftAction {

    /** One object that drifted: {@code changed} (with a diff of the owned fields) or {@code missing}. */
    public record Drift(String service, int revision, String object, String state, String diff) {
    }

    public record DriftResult(String environment, List<Drift> objects, int checked) {
        public boolean drifted() {
            return !objects.isEmpty();
        }
    }

    private final ProgressListener progress;

    public DriftAction(ProgressListener progress) {
        this.progress = progress;
    }

    public DriftResult run(Path helmDir, String environment, KubeConnector.Target target) {
        try (ClusterSession session = ClusterSession.openForLedger(helmDir, environment, target, progress)) {
            VolatilePaths volatilePaths = VolatilePaths.with(session.env.volatilePaths());
            List<Drift> out = new ArrayList<>();
            int checked = 0;
            for (Revision r : Ledger.lastGoodByService(session.ledger().history(null)).values()) {
                for (Map<String, Object> recorded : r.manifests()) {
                    if (HelmHook.of(recorded).isPresent()) {
                        continue;
                    }
                    checked++;
                    Map<String, Object> desired = volatilePaths.stripped(withoutSecretData(recorded));
                    ResourceKey key = KubeObjects.key(recorded);
                    Map<String, Object> live = session.cluster.get(KubeObjects.apiVersion(recorded), key).orElse(null);
                    String name = key.toString();
                    if (live == null) {
                        out.add(new Drift(r.service(), r.number(), name, "missing",
                                UnifiedDiff.of(yaml(desired), "", "revision " + r.number() + " " + key, "live (missing)")));
                    } else if (!LiveMatch.covers(desired, live)) {
                        Object projected = project(desired, volatilePaths.stripped(live));
                        out.add(new Drift(r.service(), r.number(), name, "changed",
                                UnifiedDiff.of(yaml(desired), yaml(projected), "revision " + r.number() + " " + key, "live " + key)));
                    }
                }
            }
            return new DriftResult(session.env.name(), out, checked);
        }
    }

    private static Map<String, Object> withoutSecretData(Map<String, Object> object) {
        if (!"Secret".equals(object.get("kind"))) {
            return object;
        }
        Map<String, Object> copy = new LinkedHashMap<>(object);
        copy.remove("data");
        copy.remove("stringData");
        return copy;
    }

    /** The live object cut to the shape of what was applied: the fields digitctl owns, with their live values. */
    static Object project(Object desired, Object live) {
        if (desired instanceof Map<?, ?> d && live instanceof Map<?, ?> l) {
            Map<String, Object> out = new LinkedHashMap<>();
            d.forEach((k, v) -> {
                if (l.containsKey(k)) {
                    out.put(String.valueOf(k), project(v, l.get(k)));
                }
            });
            return out;
        }
        if (desired instanceof List<?> d && live instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                out.add(i < d.size() ? project(d.get(i), l.get(i)) : l.get(i));
            }
            return out;
        }
        if (desired != null && live != null && !(live instanceof Map) && !(live instanceof List)
                && String.valueOf(desired).equals(String.valueOf(live))) {
            return desired;
        }
        return live;
    }

    private static String yaml(Object object) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        return new Yaml(options).dump(object);
    }
}
