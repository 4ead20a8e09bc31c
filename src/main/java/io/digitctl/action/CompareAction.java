package io.digitctl.action;

import io.digitctl.event.ProgressListener;
import io.digitctl.kube.KubeConnector;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.health.HealthRules;
import io.digitctl.kube.ledger.Ledger;
import io.digitctl.kube.ledger.Revision;
import io.digitctl.model.ImageRef;
import io.digitctl.model.ReleaseChart;
import io.digitctl.model.ReleaseModule;
import io.digitctl.tree.DeployTree;
import io.digitctl.tree.Environment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Two environments as they are deployed, each in its own cluster: per service the image, health,
 * revision, when and by whom on each side; the env-file values that differ, as paths; Secrets as
 * {@code same} or {@code changed} by a hash of their live data (never their values); and services
 * present on one side only. Also one environment against a release: each pinned image's tag
 * against the running one.
 */
public final class CompareAction {

    /**
     * One environment's side of a service.
     *
     * @param digest        the image digest, when it was deployed by digest
     * @param objectsDigest the digest of the objects its revision applied (differs between environments whose env files differ)
     */
    public record Side(String image, String tag, String digest, String health, int revision, String status, String deployedAt,
                       String deployedBy, String promotedFrom, String objectsDigest) {
    }

    /** A value that differs between the env files, such as {@code egov-user.replicas: 2 → 3}. */
    public record ValueDiff(String path, String a, String b) {
        public String describe() {
            return path + ": " + (a == null ? "(unset)" : a) + " → " + (b == null ? "(unset)" : b);
        }
    }

    /** A Secret of a service: {@code same}, {@code changed}, or {@code only in ENV}; compared by hash only. */
    public record SecretState(String secret, String state) {
    }

    public record ServiceComparison(String service, Side a, Side b, boolean imagesDiffer, List<ValueDiff> values,
                                    List<SecretState> secrets) {
        public boolean onlyOneSide() {
            return a == null || b == null;
        }

        public boolean valuesDiffer() {
            return !values.isEmpty() || secrets.stream().anyMatch(s -> !s.state().equals("same"));
        }
    }

    public record Comparison(String environmentA, String environmentB, List<ServiceComparison> services, boolean imagesDiffer,
                             boolean valuesDiffer) {
        /** 2 when images differ (or, with values counted, values or secrets), else 0. */
        public int exitCode(boolean includeValues) {
            return imagesDiffer || (includeValues && valuesDiffer) ? 2 : 0;
        }
    }

    /** One pinned image of a release in an environment. */
    public record Pin(String service, String image, String pinned, String running, String status) {
    }

    /** The status of a pinned image whose service has no chart in the tree, with --skip-missing: as deploy, it is left out. */
    public static final String SKIPPED = "skipped (no chart)";

    public record Conformance(String environment, String product, String version, List<Pin> images) {
        public boolean conforms() {
            return images.stream().allMatch(p -> p.status().equals("matches") || p.status().equals("not in release")
                    || p.status().equals(SKIPPED));
        }
    }

    private final ProgressListener progress;

    public CompareAction(ProgressListener progress) {
        this.progress = progress;
    }

    public Comparison compare(Path helmDir, String envA, String envB, KubeConnector.Target given) {
        Map<String, Side> sidesA;
        Map<String, Side> sidesB;
        Map<String, Map<String, String>> secretsA;
        Map<String, Map<String, String>> secretsB;
        try (ClusterSession a = EnvTargets.open(helmDir, envA, given, progress)) {
            Map<String, Revision> latest = Ledger.latestByService(a.ledger().history(null));
            sidesA = sides(a, latest);
            secretsA = secretHashes(a, latest);
        }
        try (ClusterSession b = EnvTargets.open(helmDir, envB, given, progress)) {
            Map<String, Revision> latest = Ledger.latestByService(b.ledger().history(null));
            sidesB = sides(b, latest);
            secretsB = secretHashes(b, latest);
        }
        Optional<Environment> fileA = EnvTargets.envFile(helmDir, envA);
        Optional<Environment> fileB = EnvTargets.envFile(helmDir, envB);
        TreeSet<String> names = new TreeSet<>(sidesA.keySet());
        names.addAll(sidesB.keySet());
        List<ServiceComparison> out = new ArrayList<>();
        for (String service : names) {
            Side a = sidesA.get(service);
            Side b = sidesB.get(service);
            boolean imagesDiffer = a == null || b == null || !Objects.equals(a.tag(), b.tag())
                    || (a.digest() != null && b.digest() != null && !a.digest().equals(b.digest()));
            List<ValueDiff> values = new ArrayList<>();
            if (fileA.isPresent() && fileB.isPresent()) {
                Map<String, String> va = new TreeMap<>();
                Map<String, String> vb = new TreeMap<>();
                flatten(service, fileA.get().values().get(service), va);
                flatten(service, fileB.get().values().get(service), vb);
                TreeSet<String> paths = new TreeSet<>(va.keySet());
                paths.addAll(vb.keySet());
                for (String p : paths) {
                    if (!Objects.equals(va.get(p), vb.get(p))) {
                        values.add(new ValueDiff(p, va.get(p), vb.get(p)));
                    }
                }
            }
            List<SecretState> secrets = new ArrayList<>();
            Map<String, String> sa = secretsA.getOrDefault(service, Map.of());
            Map<String, String> sb = secretsB.getOrDefault(service, Map.of());
            TreeSet<String> secretNames = new TreeSet<>(sa.keySet());
            secretNames.addAll(sb.keySet());
            for (String s : secretNames) {
                secrets.add(new SecretState(s, !sb.containsKey(s) ? "only in " + envA : !sa.containsKey(s) ? "only in " + envB
                        : sa.get(s).equals(sb.get(s)) ? "same" : "changed"));
            }
            out.add(new ServiceComparison(service, a, b, imagesDiffer, values, secrets));
        }
        return new Comparison(envA, envB, out, out.stream().anyMatch(ServiceComparison::imagesDiffer),
                out.stream().anyMatch(ServiceComparison::valuesDiffer));
    }

    /** Each pinned image of a release against what runs in the environment; services the release does not pin are listed too. */
    public Conformance conformance(Path helmDir, String environment, String product, String version, KubeConnector.Target given) {
        return conformance(helmDir, environment, product, version, given, false);
    }

    /** With {@code skipMissing}, images of services that have no chart in the tree are listed as skipped, as a deploy skips them. */
    public Conformance conformance(Path helmDir, String environment, String product, String version, KubeConnector.Target given,
                                   boolean skipMissing) {
        DeployTree tree = new DeployTree(helmDir);
        ReleaseChart release = tree.releases().load(product, version);
        Map<String, ImageRef> pinned = new LinkedHashMap<>();
        for (ReleaseModule m : release.modules()) {
            for (ReleaseModule.PinnedImage p : m.images()) {
                pinned.put(p.image().imageName(), p.image());
            }
        }
        List<Pin> out = new ArrayList<>();
        try (ClusterSession session = ClusterSession.openForLedger(helmDir, environment, given, progress)) {
            Map<String, Revision> latest = Ledger.lastGoodByService(session.ledger().history(null));
            Map<String, Map<String, String>> running = new TreeMap<>();
            latest.forEach((service, r) -> running.put(service, runningImages(session, r)));
            java.util.Set<String> inRelease = new java.util.HashSet<>();
            for (ImageRef image : pinned.values()) {
                String service = image.serviceName();
                inRelease.add(service);
                if (skipMissing && tree.charts().find(service).isEmpty()) {
                    out.add(new Pin(service, image.imageName(), image.tagOrDigest().orElse("(not pinned)"), "-", SKIPPED));
                    continue;
                }
                Revision r = latest.get(service);
                Map<String, String> live = running.getOrDefault(service, Map.of());
                if (!image.hasVersion()) {
                    // the release leaves the tag to the chart (backbone services): any deployed tag conforms
                    String now = r == null ? null : live.values().stream().findFirst().orElse(r.tag() == null ? "(chart default)" : r.tag());
                    out.add(new Pin(service, image.imageName(), "(not pinned)", now == null ? "-" : now, r == null ? "missing" : "matches"));
                    continue;
                }
                String tag = image.tagOrDigest().orElseThrow();
                String now = live.get(image.imageName());
                if (now == null && r != null && !image.isMigrationImage()) {
                    // the chart runs the service under another image name (internal-gateway runs zuul): what was deployed
                    now = r.tag();
                }
                String status = now == null ? "missing" : now.equals(tag) ? "matches" : "differs";
                out.add(new Pin(service, image.imageName(), tag, now == null ? "-" : now, status));
            }
            running.forEach((service, images) -> {
                if (!inRelease.contains(service)) {
                    images.forEach((name, tag) -> out.add(new Pin(service, name, "-", tag, "not in release")));
                }
            });
        }
        return new Conformance(environment, product, version, out);
    }

    /** Image name → tag (or digest) of the containers and init containers that run now for a revision's workloads. */
    static Map<String, String> runningImages(ClusterSession session, Revision r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, Object> recorded : r.manifests()) {
            if (!HealthRules.WORKLOADS.contains(String.valueOf(recorded.get("kind"))) || recorded.get("kind").equals("Job")) {
                continue;
            }
            Map<String, Object> live = session.cluster.get(KubeObjects.apiVersion(recorded), KubeObjects.key(recorded)).orElse(null);
            if (live == null) {
                continue;
            }
            for (String field : List.of("initContainers", "containers")) {
                for (Map<String, Object> c : KubeObjects.list(live, "spec", "template", "spec", field)) {
                    try {
                        ImageRef ref = ImageRef.parse(String.valueOf(c.get("image")));
                        out.putIfAbsent(ref.imageName(), ref.tagOrDigest().orElse("latest"));
                    } catch (RuntimeException e) {
                        // not an image reference digitctl reads: not comparable
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, Side> sides(ClusterSession session, Map<String, Revision> latest) {
        Map<String, Side> out = new TreeMap<>();
        for (Revision r : latest.values()) {
            ClusterQueries.ServiceStatus status = ClusterQueries.statusOf(session, r);
            String image = status.image().equals("-") ? r.image() : status.image();
            String tag = null;
            String digest = null;
            try {
                ImageRef ref = ImageRef.parse(image);
                tag = ref.tag();
                digest = ref.digest();
            } catch (RuntimeException e) {
                tag = r.tag();
            }
            out.put(r.service(), new Side(image, tag, digest, status.health().code().name().toLowerCase(), r.number(), r.describeStatus(),
                    status.deployedAt(), status.deployedBy(), r.promotedFrom() == null ? null : r.promotedFrom().describe(), r.valuesDigest()));
        }
        return out;
    }

    /** Service → Secret name → hash of its live data (never the values). */
    private static Map<String, Map<String, String>> secretHashes(ClusterSession session, Map<String, Revision> latest) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Revision r : latest.values()) {
            for (Map<String, Object> o : r.manifests()) {
                if (!"Secret".equals(o.get("kind"))) {
                    continue;
                }
                String name = KubeObjects.key(o).namespace() + "/" + KubeObjects.key(o).name();
                String hash = session.cluster.get("v1", KubeObjects.key(o)).map(live -> hash(live.get("data"))).orElse("missing");
                out.computeIfAbsent(r.service(), s -> new TreeMap<>()).put(name, hash);
            }
        }
        return out;
    }

    private static String hash(Object data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            if (data instanceof Map<?, ?> m) {
                new TreeMap<>(m).forEach((k, v) -> sha.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void flatten(String path, Object value, Map<String, String> out) {
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> flatten(path + "." + k, v, out));
        } else if (value != null) {
            out.put(path, String.valueOf(value));
        }
    }
}
