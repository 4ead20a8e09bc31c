package io.digitctl.action;

import io.digitctl.kube.KubeConnector;

import java.time.Duration;

/**
 * How a deploy talks to the cluster and waits for it.
 *
 * @param timeout      how long one service may take to roll out
 * @param poll         how often rollout state is read
 * @param problemGrace how long a pod may stay unable to start (ImagePullBackOff...) before its service fails
 * @param parallel     services applied at once within a level
 */
public record ApplyOptions(KubeConnector.Target target, Duration timeout, Duration poll, Duration problemGrace, int parallel,
                           boolean atomic, boolean prune, boolean forceUnlock) {

    /** Where the lock and the environment-level records live: a namespace every cluster has. */
    public static final String LEDGER_NAMESPACE = "default";
}
