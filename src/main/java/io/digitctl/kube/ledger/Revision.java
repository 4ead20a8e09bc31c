package io.digitctl.kube.ledger;

import java.util.List;
import java.util.Map;

/**
 * One deploy of one service, as recorded in the cluster.
 *
 * @param manifests the objects applied, with Secret values left out (see {@link Ledger})
 * @param namespace where the record is kept
 */
public record Revision(String environment, String service, int number, Status status, String image, String tag,
                       String chart, String valuesDigest, List<Map<String, Object>> manifests, String user, String host,
                       String startedAt, String finishedAt, String message, String deployId, String namespace) {

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
                startedAt, newFinishedAt, newMessage, deployId, namespace);
    }

    public String describeStatus() {
        return status == Status.PENDING ? "pending (still running, or interrupted)" : status.name().toLowerCase();
    }
}
