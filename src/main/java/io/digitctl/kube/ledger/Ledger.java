package io.digitctl.kube.ledger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitctl.kube.ClusterGateway;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.apply.DeployLabels;
import io.digitctl.model.DigitctlException;
import io.digitctl.model.ResourceKey;
import io.digitctl.render.SecretMasking;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Revisions kept in the cluster, like Helm's release Secrets: one Secret per revision of a
 * service, in the service's namespace, labelled, gzip-compressed, the last {@value #KEEP} kept.
 * Secret objects are recorded without their values: decrypted secrets never reach the ledger.
 */
public final class Ledger {
    public static final int KEEP = 10;
    static final int UPDATE_ATTEMPTS = 5;
    static final String KIND_LABEL = "digitctl.io/ledger";
    static final String REVISION_LABEL = "digitctl.io/revision";
    static final String STATUS_LABEL = "digitctl.io/status";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterGateway cluster;
    private final String environment;

    public Ledger(ClusterGateway cluster, String environment) {
        this.cluster = cluster;
        this.environment = environment;
    }

    /** Every revision of a service (all services when null), oldest first. */
    public List<Revision> history(String service) {
        Map<String, String> labels = new LinkedHashMap<>(Map.of(KIND_LABEL, "revision", DeployLabels.ENVIRONMENT, environment));
        if (service != null) {
            labels.put(DeployLabels.SERVICE, service);
        }
        List<Revision> revisions = new ArrayList<>();
        for (Map<String, Object> secret : cluster.list("v1", "Secret", null, labels)) {
            revisions.add(decode(secret));
        }
        revisions.sort(Comparator.comparing(Revision::service).thenComparingInt(Revision::number));
        return revisions;
    }

    public Optional<Revision> latest(String service) {
        List<Revision> all = history(service);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    public Optional<Revision> revision(String service, int number) {
        return history(service).stream().filter(r -> r.number() == number).findFirst();
    }

    /** The last revision that was deployed successfully before the given number. */
    public Optional<Revision> lastGoodBefore(String service, int number) {
        return lastGoodBefore(history(service), number);
    }

    /** The last revision of a history read before that was deployed successfully before the given number. */
    public static Optional<Revision> lastGoodBefore(List<Revision> history, int number) {
        Revision found = null;
        for (Revision r : history) {
            if (r.number() < number && (r.status() == Revision.Status.DEPLOYED || r.status() == Revision.Status.SUPERSEDED)) {
                found = r;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The latest revision of each service, by service name. */
    public static Map<String, Revision> latestByService(List<Revision> history) {
        Map<String, Revision> out = new TreeMap<>();
        for (Revision r : history) {
            out.merge(r.service(), r, (a, b) -> a.number() >= b.number() ? a : b);
        }
        return out;
    }

    /** The last revision of each service that was deployed successfully (deployed, or superseded since). */
    public static Map<String, Revision> lastGoodByService(List<Revision> history) {
        Map<String, Revision> out = new TreeMap<>();
        for (Revision r : history) {
            if (r.status() == Revision.Status.DEPLOYED || r.status() == Revision.Status.SUPERSEDED) {
                out.merge(r.service(), r, (a, b) -> a.number() >= b.number() ? a : b);
            }
        }
        return out;
    }

    /** Records a new revision (number = latest + 1); keeps the last {@value #KEEP}. */
    public Revision create(Revision draft) {
        Revision revision;
        for (int attempt = 1; ; attempt++) {
            int next = latest(draft.service()).map(r -> r.number() + 1).orElse(1);
            revision = draft.numbered(next);
            try {
                cluster.create(encode(revision));
                break;
            } catch (ClusterGateway.ConflictException taken) {
                // revision `next` was recorded in between: number it again
                if (attempt >= UPDATE_ATTEMPTS) {
                    throw new DigitctlException("Cannot record a new revision of " + draft.service() + " in environment "
                            + draft.environment() + ": the revision numbers kept being taken (409 Conflict, " + attempt + " attempts: "
                            + taken.serverMessage() + "). Is another digitctl deploying it without the lock? Try again.", taken);
                }
            }
        }
        supersedeBefore(revision);
        trim(draft.service());
        return revision;
    }

    /**
     * Stores a changed revision. The record is replaced at the resourceVersion just read; when it
     * changed in between (409), it is read again and the change applied again, up to
     * {@value #UPDATE_ATTEMPTS} times, then reported as a conflict with a clear message.
     */
    @SuppressWarnings("unchecked")
    public Revision update(Revision revision) {
        for (int attempt = 1; ; attempt++) {
            Map<String, Object> secret = encode(revision);
            cluster.get("v1", key(revision)).ifPresent(live -> ((Map<String, Object>) secret.get("metadata"))
                    .put("resourceVersion", KubeObjects.metadata(live).get("resourceVersion")));
            try {
                cluster.replace(secret);
                break;
            } catch (ClusterGateway.ConflictException changed) {
                if (attempt >= UPDATE_ATTEMPTS) {
                    throw new DigitctlException("The ledger record " + key(revision) + " of " + revision.service() + " kept changing while "
                            + "digitctl recorded revision " + revision.number() + " as " + revision.status().name().toLowerCase()
                            + " (409 Conflict, " + attempt + " attempts: " + changed.serverMessage() + "). Another digitctl or a "
                            + "person may be editing it; run 'digitctl history -e " + revision.environment() + " " + revision.service()
                            + "' to see what is recorded, and try again.", changed);
                }
            }
        }
        supersedeBefore(revision);
        return revision;
    }

    /**
     * A revision recorded as deployed supersedes the deployed revisions before it, as in Helm. Any
     * finished revision shows that an earlier one still pending was left by a process that died:
     * that one becomes abandoned.
     */
    private void supersedeBefore(Revision revision) {
        if (revision.status() == Revision.Status.PENDING) {
            return;
        }
        for (Revision r : history(revision.service())) {
            if (r.number() >= revision.number()) {
                continue;
            }
            if (r.status() == Revision.Status.DEPLOYED && revision.status() == Revision.Status.DEPLOYED) {
                update(r.with(Revision.Status.SUPERSEDED, r.finishedAt(), r.message(), r.manifests()));
            } else if (r.status() == Revision.Status.PENDING) {
                update(r.with(Revision.Status.ABANDONED, r.finishedAt(), (r.message() == null ? "" : r.message() + "; ")
                        + "abandoned: the process that applied it stopped without recording how it ended (killed?)", r.manifests()));
            }
        }
    }

    private void trim(String service) {
        List<Revision> all = history(service);
        for (int i = 0; i < all.size() - KEEP; i++) {
            cluster.delete("v1", key(all.get(i)));
        }
    }

    static String name(String environment, String service, int number) {
        return "digitctl." + environment + "." + service + ".v" + number;
    }

    private static ResourceKey key(Revision r) {
        return new ResourceKey("", "Secret", r.namespace(), name(r.environment(), r.service(), r.number()));
    }

    /** Secret values replaced by a mask, so that the ledger never holds them. */
    public static List<Map<String, Object>> withoutSecretValues(List<Map<String, Object>> manifests) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> m : manifests) {
            out.add("Secret".equals(m.get("kind")) && "v1".equals(m.get("apiVersion")) ? SecretMasking.masked(m) : m);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> encode(Revision r) {
        Map<String, Object> labels = new LinkedHashMap<>(DeployLabels.of(r.environment(), r.service()));
        labels.put(KIND_LABEL, "revision");
        labels.put(REVISION_LABEL, String.valueOf(r.number()));
        labels.put(STATUS_LABEL, r.status().name().toLowerCase());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name(r.environment(), r.service(), r.number()));
        metadata.put("namespace", r.namespace());
        metadata.put("labels", labels);
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("apiVersion", "v1");
        secret.put("kind", "Secret");
        secret.put("metadata", metadata);
        secret.put("type", "digitctl.io/revision.v1");
        secret.put("data", Map.of("revision", Base64.getEncoder().encodeToString(gzip(r))));
        return secret;
    }

    private static byte[] gzip(Revision r) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                JSON.writeValue(gz, r);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Revision decode(Map<String, Object> secret) {
        Object data = KubeObjects.at(secret, "data", "revision");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(String.valueOf(data))))) {
            return JSON.readValue(in, new TypeReference<Revision>() {
            });
        } catch (IOException | IllegalArgumentException e) {
            throw new DigitctlException("The ledger record " + KubeObjects.key(secret) + " is damaged (" + e.getMessage()
                    + "). Delete it with kubectl if it is not needed.");
        }
    }
}
