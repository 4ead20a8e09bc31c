package io.digitctl.web;

import io.digitctl.kube.KubeConnector;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How {@code digitctl serve} runs.
 *
 * @param helmDir      the deploy-as-code tree (may be absent: then {@code environments} must be given)
 * @param environments the columns of the overview; empty means every env file of the tree
 * @param host         the address to listen on, and nowhere else
 * @param port         the port (0: any free one, for tests)
 * @param token        the bearer token of actions, or null when actions are off
 * @param tokenLabel   recorded as {@code web:<label>} by every action
 * @param refresh      how often the clusters are read for the overview
 * @param timeout      how long one service of an action may take to roll out
 * @param poll         how often an action reads rollout state
 * @param problemGrace how long a pod may stay unable to start before its service fails
 */
public record ServeOptions(Path helmDir, List<String> environments, KubeConnector.Target target, String host, int port,
                           String token, String tokenLabel, Duration refresh, Duration timeout, Duration poll, Duration problemGrace) {

    public boolean actionsEnabled() {
        return token != null;
    }
}
