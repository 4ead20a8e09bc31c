package io.digitctl.action;

import io.digitctl.event.ProgressListener;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.apply.DeployLabels;
import io.digitctl.kube.apply.Pruner;
import io.digitctl.kube.apply.ServiceApplier;
import io.digitctl.kube.apply.VolatilePaths;
import io.digitctl.kube.discovery.KindCatalog;
import io.digitctl.kube.diff.ObjectView;
import io.digitctl.kube.diff.UnifiedDiff;
import io.digitctl.model.ResourceKey;
import io.digitctl.render.Manifest;
import io.digitctl.render.ServiceRender;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a deploy would change: each rendered object, as a server-side dry-run would apply it,
 * against the live object; with --prune, what would be deleted. Secret values are masked unless
 * asked for.
 */
public final class DiffAction {

    public enum Op { CREATE, UPDATE, DELETE }

    /** One object that would change; {@code diff} is a unified diff of its YAML. */
    public record Change(String service, ResourceKey key, Op op, String diff) {
    }

    public record DiffResult(List<Change> changes, int unchanged) {
        public boolean hasChanges() {
            return !changes.isEmpty();
        }
    }

    private final ProgressListener progress;

    public DiffAction(ProgressListener progress) {
        this.progress = progress;
    }

    public DiffResult run(DeployRequest request, ApplyOptions options, boolean showSecrets) {
        try (ClusterSession session = ClusterSession.open(request.helmDir(), request.environment(), options.target())) {
            RenderResult rendered = session.render(request, progress, "", io.digitctl.render.RecordedRenders.NONE);
            ServiceApplier applier = new ServiceApplier(session.cluster, session.env.name(), session.defaultNamespace(),
                    new KindCatalog(session.cluster.servedKinds()));
            int hooks = 0;
            VolatilePaths volatilePaths = session.volatilePaths(options.volatilePaths());
            progress.info("Ignoring fields that charts fill anew on every render: " + String.join(", ", volatilePaths.describe()));
            List<Change> changes = new ArrayList<>();
            int unchanged = 0;
            for (ServiceRender.Rendered r : rendered.report().rendered()) {
                List<Map<String, Object>> desiredAll = new ArrayList<>();
                for (Manifest m : r.manifests()) {
                    if (m.hook().isPresent()) {
                        // hooks are recreated on each deploy by their delete policies; comparing them says nothing
                        hooks++;
                        continue;
                    }
                    Map<String, Object> desired = applier.desired(m);
                    desiredAll.add(desired);
                    ResourceKey key = KubeObjects.key(desired);
                    Map<String, Object> live = session.cluster.get(KubeObjects.apiVersion(desired), key).orElse(null);
                    if (live != null) {
                        desired = volatilePaths.keepLive(desired, live);
                    }
                    Map<String, Object> after = live == null ? desired : session.cluster.apply(desired, true);
                    String[] texts = ObjectView.texts(live, after, showSecrets);
                    String diff = UnifiedDiff.of(texts[0], texts[1], live == null ? "/dev/null" : "live " + key, "desired " + key);
                    if (diff.isEmpty()) {
                        unchanged++;
                    } else {
                        changes.add(new Change(r.service(), key, live == null ? Op.CREATE : Op.UPDATE, diff));
                    }
                }
                if (options.prune()) {
                    changes.addAll(prunes(session, r.service(), desiredAll, showSecrets));
                }
            }
            if (hooks > 0) {
                progress.info(hooks + " Helm hook object" + (hooks == 1 ? "" : "s") + " not compared: hooks run anew on each deploy");
            }
            return new DiffResult(List.copyOf(changes), unchanged);
        }
    }

    private static List<Change> prunes(ClusterSession session, String service, List<Map<String, Object>> desired, boolean showSecrets) {
        List<Change> out = new ArrayList<>();
        session.ledger().latest(service).ifPresent(last -> {
            for (Map<String, Object> gone : Pruner.candidates(last.manifests(), desired)) {
                ResourceKey key = KubeObjects.key(gone);
                session.cluster.get(KubeObjects.apiVersion(gone), key)
                        .filter(live -> DeployLabels.ours(KubeObjects.labels(live), session.env.name(), service))
                        .ifPresent(live -> {
                            String[] texts = ObjectView.texts(live, null, showSecrets);
                            out.add(new Change(service, key, Op.DELETE, UnifiedDiff.of(texts[0], "", "live " + key, "/dev/null")));
                        });
            }
        });
        return out;
    }
}
