package io.digitctl.action;

import io.digitctl.event.ProgressListener;
import io.digitctl.kube.KubeConnector;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.ledger.Ledger;
import io.digitctl.kube.ledger.Revision;
import io.digitctl.model.DigitctlException;
import io.digitctl.model.ImageRef;
import io.digitctl.model.ReleaseModule;
import io.digitctl.tree.DeployTree;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves what runs in one environment to the next: the images of the source's last deployed
 * revisions, only for services that are healthy there and have stayed so for the soak time (read
 * from the ledger), rendered with the target's env file and deployed to the target's cluster, each
 * new revision recording the source environment, revision and deploy.
 */
public final class PromoteAction {

    /** What to promote: a release's services, a list of services, or (neither) every service of the source. */
    public record Selection(String product, String version, List<String> services) {
    }

    /**
     * One service of the promote: the images it takes from the source, its source revision, what the
     * target runs now, and why it is refused (null when it is not).
     */
    public record Item(String service, List<String> images, int sourceRevision, String sourceDeployId, String targetBefore,
                       String refusal) {
        public String image() {
            return images.isEmpty() ? "-" : images.get(0);
        }
    }

    public record Plan(String from, String to, Duration soak, List<Item> items) {
        public List<Item> accepted() {
            return items.stream().filter(i -> i.refusal() == null).toList();
        }

        public List<Item> refused() {
            return items.stream().filter(i -> i.refusal() != null).toList();
        }
    }

    private final ProgressListener progress;

    public PromoteAction(ProgressListener progress) {
        this.progress = progress;
    }

    /** Reads the source environment's ledger and health, and the target's ledger: what would be promoted, and what is refused. */
    public Plan plan(Path helmDir, String from, String to, Selection selection, Duration soak, KubeConnector.Target given) {
        if (from.equals(to)) {
            throw new DigitctlException("--from and --to name the same environment (" + from + "); promote moves images between two.");
        }
        Map<String, Revision> targetLatest;
        try (ClusterSession target = EnvTargets.open(helmDir, to, given, progress)) {
            targetLatest = Ledger.latestByService(target.ledger().history(null));
        }
        List<Item> items = new ArrayList<>();
        try (ClusterSession source = EnvTargets.open(helmDir, from, given, progress)) {
            Map<String, Revision> latest = Ledger.latestByService(source.ledger().history(null));
            for (String service : services(helmDir, selection, latest)) {
                Revision before = targetLatest.get(service);
                String targetBefore = before == null ? null : before.image();
                Revision r = latest.get(service);
                if (r == null) {
                    items.add(new Item(service, List.of(), 0, null, targetBefore, "not deployed in " + from));
                    continue;
                }
                String refusal = refusal(source, r, from, soak);
                items.add(new Item(service, refusal == null ? images(r) : List.of(r.image()), r.number(), r.deployId(), targetBefore, refusal));
            }
        }
        return new Plan(from, to, soak, items);
    }

    /** Deploys the accepted items to the target, recording where each came from. */
    public DeployRun.Outcome promote(Plan plan, Path helmDir, ApplyOptions options, KubeConnector.Target given, List<String> notify,
                                     io.digitctl.secrets.keys.KeySettings keys) {
        List<Item> accepted = plan.accepted();
        if (accepted.isEmpty()) {
            throw new DigitctlException("Nothing to promote from " + plan.from() + " to " + plan.to() + ".");
        }
        List<ImageRef> images = new ArrayList<>();
        Map<String, Revision.Source> sources = new LinkedHashMap<>();
        for (Item i : accepted) {
            i.images().forEach(text -> images.add(ImageRef.parse(text)));
            sources.put(i.service(), new Revision.Source(plan.from(), i.sourceRevision(), i.sourceDeployId()));
        }
        DeployRequest request = new DeployRequest(helmDir, plan.to(), images, null, null, List.of(), false, null,
                Runtime.getRuntime().availableProcessors(), false, keys, false);
        ApplyOptions toTarget = new ApplyOptions(EnvTargets.of(helmDir, plan.to(), given), options.timeout(), options.poll(),
                options.problemGrace(), options.parallel(), options.atomic(), options.prune(), options.forceUnlock(), options.skipUnserved(),
                options.allowMissingConfig(), options.force(), options.volatilePaths());
        return new DeployRun(progress).run(request, toTarget, new DeployRun.Extras(null, null, notify, "promote from " + plan.from(), sources));
    }

    /** Why a service's last revision in the source cannot be promoted: failed, pending, unhealthy now, or too fresh. */
    private static String refusal(ClusterSession source, Revision r, String from, Duration soak) {
        if (r.status() != Revision.Status.DEPLOYED) {
            return r.describeStatus() + " in " + from + " (revision " + r.number() + ")";
        }
        if (r.image() == null || r.image().contains("(chart default)")) {
            return "runs its chart's default image in " + from + ": no pinned image to promote";
        }
        ClusterQueries.ServiceStatus status = ClusterQueries.statusOf(source, r);
        if (!status.health().isHealthy()) {
            return status.health().code().name().toLowerCase() + " in " + from + ": " + status.health().message();
        }
        String deployedAt = r.finishedAt() != null ? r.finishedAt() : r.startedAt();
        Duration age = Duration.between(Instant.parse(deployedAt), Instant.now());
        if (age.compareTo(soak) < 0) {
            return "too fresh: healthy in " + from + " for " + human(age) + " of the " + human(soak) + " soak (revision " + r.number()
                    + ", deployed " + deployedAt + "); promote it later, or pass --soak";
        }
        return null;
    }

    /** The application image of a revision, and its migration image when the revision ran it at another tag. */
    private static List<String> images(Revision r) {
        List<String> out = new ArrayList<>(List.of(r.image()));
        ImageRef app = ImageRef.parse(r.image());
        for (Map<String, Object> o : r.manifests()) {
            for (Map<String, Object> c : KubeObjects.list(o, "spec", "template", "spec", "initContainers")) {
                try {
                    ImageRef db = ImageRef.parse(String.valueOf(c.get("image")));
                    if (db.imageName().equals(r.service() + "-db") && db.tag() != null && !db.tag().equals(app.tag())) {
                        out.add(db.repository() + ":" + db.tag() + (db.digest() == null ? "" : "@" + db.digest()));
                    }
                } catch (RuntimeException e) {
                    // not an image digitctl reads
                }
            }
        }
        return out;
    }

    private static List<String> services(Path helmDir, Selection selection, Map<String, Revision> latest) {
        Set<String> out = new LinkedHashSet<>();
        if (selection.product() != null) {
            for (ReleaseModule m : new DeployTree(helmDir).releases().load(selection.product(), selection.version()).modules()) {
                m.images().forEach(p -> out.add(p.image().serviceName()));
            }
        } else if (selection.services() != null && !selection.services().isEmpty()) {
            out.addAll(selection.services());
        } else {
            latest.forEach((service, r) -> {
                if (r.image() != null && !r.image().contains("(chart default)")) {
                    out.add(service);
                }
            });
        }
        return List.copyOf(out);
    }

    public static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600 ? (s / 3600) + "h" + (s % 3600 / 60 == 0 ? "" : (s % 3600 / 60) + "m")
                : s >= 60 ? (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s") : s + "s";
    }
}
