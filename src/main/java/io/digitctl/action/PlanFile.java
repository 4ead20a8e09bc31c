package io.digitctl.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.digitctl.files.JsonFiles;
import io.digitctl.model.DigitctlException;
import io.digitctl.model.ImageRef;
import io.digitctl.plan.ServiceDeploy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A deploy's exact plan, written for an approval and applied later: what was asked, each service
 * with its image and a digest of its rendered objects, and the environment's ledger it was computed
 * against. Applying it is refused when the ledger moved since or the render now differs.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlanFile(String format, String environment, String plannedBy, String plannedAt, Request request,
                       List<Service> services, LedgerAt ledger) {
    public static final String FORMAT = "digitctl.plan/v1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What was asked: a release (with modules) or images, as on the command line. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Request(String product, String version, List<String> modules, List<String> images, boolean clusterConfigs,
                          boolean skipMissing, String kubeVersion) {
    }

    /** One service as planned: its image, tags and the digest of its rendered objects; unchanged ones are left alone. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Service(String service, String image, String tag, String migrationTag, String digest, boolean unchanged) {
    }

    /** The environment's ledger when planned: each service's latest revision and status, and their fingerprint. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LedgerAt(String fingerprint, Map<String, String> revisions) {
    }

    static PlanFile of(DeployRequest request, PlannedDeploy planned) {
        List<Service> services = new ArrayList<>();
        for (ServiceDeploy s : planned.plan().services()) {
            services.add(new Service(s.service(), DeployAction.image(s), s.appTag(), s.migrationTag(), planned.digests().get(s.service()),
                    planned.unchanged().containsKey(s.service())));
        }
        Map<String, String> revisions = LedgerState.summary(planned.ledgerState());
        return new PlanFile(FORMAT, planned.environment(), ClusterSession.user() + "@" + ClusterSession.host(), Instant.now().toString(),
                new Request(request.product(), request.version(), request.modules(), request.images().stream().map(ImageRef::text).toList(),
                        request.includeClusterConfigs(), request.skipMissing(), request.kubeVersion()),
                services, new LedgerAt(LedgerState.fingerprint(revisions), revisions));
    }

    public void write(Path file) {
        JsonFiles.write(file, this, "the plan file");
    }

    public static PlanFile read(Path file) {
        PlanFile plan;
        try {
            plan = JSON.readValue(file.toFile(), PlanFile.class);
        } catch (IOException e) {
            throw new DigitctlException("Cannot read the plan file " + file + ": " + e.getMessage().lines().findFirst().orElse("")
                    + ". Write one with 'digitctl deploy ... --plan-out " + file + "'.");
        }
        if (!FORMAT.equals(plan.format()) || plan.environment() == null || plan.services() == null || plan.ledger() == null
                || plan.request() == null) {
            throw new DigitctlException("The plan file " + file + " is not a digitctl plan (format " + FORMAT
                    + "); write one with 'digitctl deploy ... --plan-out " + file + "'.");
        }
        return plan;
    }

    /** The request this plan was made from, to render again with the same keys and tree. */
    public DeployRequest request(DeployRequest given) {
        List<ImageRef> images = request.images() == null ? List.of() : request.images().stream().map(ImageRef::parse).toList();
        return new DeployRequest(given.helmDir(), environment, images, request.product(), request.version(),
                request.modules() == null ? List.of() : request.modules(), request.skipMissing(), request.kubeVersion(),
                given.parallelism(), request.clusterConfigs(), given.keys(), given.ignoreMac());
    }

    /** Why this plan cannot be applied now, in one message; empty when the ledger and the render are as planned. */
    List<String> problems(PlannedDeploy now) {
        List<String> out = new ArrayList<>();
        if (!environment.equals(now.environment())) {
            out.add("it was made for environment " + environment + ", not " + now.environment());
            return out;
        }
        Map<String, String> current = LedgerState.summary(now.ledgerState());
        if (!LedgerState.fingerprint(current).equals(ledger.fingerprint())) {
            TreeSet<String> names = new TreeSet<>(current.keySet());
            names.addAll(ledger.revisions().keySet());
            List<String> moved = new ArrayList<>();
            for (String s : names) {
                String then = ledger.revisions().get(s);
                String later = current.get(s);
                if (then == null || !then.equals(later)) {
                    moved.add(s + " (revision " + (then == null ? "none" : then) + " when planned, now " + (later == null ? "none" : later) + ")");
                }
            }
            out.add("the ledger of " + environment + " moved since it was planned (someone deployed in between): "
                    + String.join(", ", moved));
        }
        Map<String, String> planned = new TreeMap<>();
        services.forEach(s -> planned.put(s.service(), s.digest()));
        TreeSet<String> names = new TreeSet<>(planned.keySet());
        names.addAll(now.digests().keySet());
        List<String> differs = new ArrayList<>();
        for (String s : names) {
            if (!planned.containsKey(s)) {
                differs.add(s + " (not in the plan)");
            } else if (!now.digests().containsKey(s)) {
                differs.add(s + " (planned, no longer rendered)");
            } else if (!planned.get(s).equals(now.digests().get(s))) {
                differs.add(s + " (rendered objects " + now.digests().get(s) + ", planned " + planned.get(s) + ")");
            }
        }
        if (!differs.isEmpty()) {
            out.add("the render now differs from the plan (the tree, env file or release changed): " + String.join(", ", differs));
        }
        return out;
    }
}
