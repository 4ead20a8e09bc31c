package io.digitctl.kube.ledger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/**
 * One deploy of one service, as recorded in the cluster.
 *
 * @param manifests    the objects applied, with Secret values left out (see {@link Ledger})
 * @param namespace    where the record is kept
 * @param promotedFrom where the images came from when a promote deployed them, else null (absent in older records)
 * @param plannedBy    who wrote the plan file that this deploy applied (user@host), else null (absent in older records);
 *                     who applied it is {@link #user()}@{@link #host()}
 * @param renderInput  the digest of what the service was rendered from (chart, values files, tags, versions), when
 *                     {@code manifests} hold everything that render gave: a later deploy with the same inputs takes
 *                     them instead of rendering again. Null when a secrets file was among the inputs, when the
 *                     render is not repeatable, when part of it was left out, and in older records.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Revision(String environment, String service, int number, Status status, String image, String tag,
                       String chart, String valuesDigest, List<Map<String, Object>> manifests, String user, String host,
                       String startedAt, String finishedAt, String message, String deployId, String namespace,
                       Source promotedFrom, String plannedBy, String renderInput) {

    /** The revision of another environment that a promote took its images from. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Source(String environment, int revision, String deployId) {
        public String describe() {
            return "promoted from " + environment + " rev " + revision + (deployId == null ? "" : " (deploy " + deployId + ")");
        }
    }

    /** A revision without provenance: neither promoted nor planned. */
    public Revision(String environment, String service, int number, Status status, String image, String tag,
                    String chart, String valuesDigest, List<Map<String, Object>> manifests, String user, String host,
                    String startedAt, String finishedAt, String message, String deployId, String namespace) {
        this(environment, service, number, status, image, tag, chart, valuesDigest, manifests, user, host, startedAt, finishedAt,
                message, deployId, namespace, null, null, null);
    }

    public enum Status {
        /** Being applied now, or the process died while applying (see {@link #describeStatus()}). */
        PENDING,
        DEPLOYED,
        FAILED,
        /** Stopped by a signal while applying. */
        INTERRUPTED,
        /** A later revision was deployed over it. */
        SUPERSEDED,
        /** Left pending by a process that died (SIGKILL, a lost node); a later revision of the service has finished since. */
        ABANDONED
    }

    public Revision with(Status newStatus, String newFinishedAt, String newMessage, List<Map<String, Object>> newManifests) {
        return new Revision(environment, service, number, newStatus, image, tag, chart, valuesDigest, newManifests, user, host,
                startedAt, newFinishedAt, newMessage, deployId, namespace, promotedFrom, plannedBy, renderInput);
    }

    /** The same revision, recorded as rendered from {@code input} (null: from inputs that may not stand in for a render). */
    public Revision withRenderInput(String input) {
        return new Revision(environment, service, number, status, image, tag, chart, valuesDigest, manifests, user, host,
                startedAt, finishedAt, message, deployId, namespace, promotedFrom, plannedBy, input);
    }

    /** The same revision with another number: what {@link Ledger#create} records. */
    Revision numbered(int newNumber) {
        return new Revision(environment, service, newNumber, status, image, tag, chart, valuesDigest, manifests, user, host,
                startedAt, finishedAt, message, deployId, namespace, promotedFrom, plannedBy, renderInput);
    }

    public String describeStatus() {
        return status == Status.PENDING ? "pending (still running, or interrupted)" : status.name().toLowerCase();
    }
}
