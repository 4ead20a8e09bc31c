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
 * @param skipUnserved       leave out objects of kinds the cluster does not serve, instead of refusing the deploy
 * @param allowMissingConfig go on when workloads reference Secrets or ConfigMaps that exist nowhere
 * @param force              apply every service, also those unchanged since their last deployed revision
 * @param volatilePaths      fields that charts fill anew on every render, beyond the built-in and the env file's
 * @param adopt              take over objects that digitctl labelled for another environment
 */
public record ApplyOptions(KubeConnector.Target target, Duration timeout, Duration poll, Duration problemGrace, int parallel,
                           boolean atomic, boolean prune, boolean forceUnlock, boolean skipUnserved, boolean allowMissingConfig,
                           boolean force, java.util.List<String> volatilePaths, boolean adopt) {

    public ApplyOptions(KubeConnector.Target target, Duration timeout, Duration poll, Duration problemGrace, int parallel,
                        boolean atomic, boolean prune, boolean forceUnlock, boolean skipUnserved, boolean allowMissingConfig,
                        boolean force, java.util.List<String> volatilePaths) {
        this(target, timeout, poll, problemGrace, parallel, atomic, prune, forceUnlock, skipUnserved, allowMissingConfig, force,
                volatilePaths, false);
    }

    public ApplyOptions(KubeConnector.Target target, Duration timeout, Duration poll, Duration problemGrace, int parallel,
                        boolean atomic, boolean prune, boolean forceUnlock) {
        this(target, timeout, poll, problemGrace, parallel, atomic, prune, forceUnlock, false, false, false, java.util.List.of(), false);
    }

    /** Where the lock and the environment-level records live: a namespace every cluster has. */
    public static final String LEDGER_NAMESPACE = "default";
}
