package io.digitctl.action;

import io.digitctl.kube.KubeConnector;
import io.digitctl.model.DigitctlException;
import io.digitctl.tree.DeployTree;
import io.digitctl.tree.Environment;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Which cluster each environment of a multi-environment command uses: its env file's
 * {@code global.kubeContext}, else {@code --context}, else the kubeconfig's current context. Unlike
 * single-environment commands, --context does not override an env file: one flag cannot name two
 * clusters.
 */
final class EnvTargets {
    private EnvTargets() {
    }

    static KubeConnector.Target of(Path helmDir, String environment, KubeConnector.Target given) {
        return envFile(helmDir, environment).flatMap(env -> env.global("kubeContext"))
                .map(context -> new KubeConnector.Target(given.kubeconfig(), context)).orElse(given);
    }

    /** The env file of an environment, when the tree has one. */
    static Optional<Environment> envFile(Path helmDir, String environment) {
        if (!ClusterSession.hasEnvFile(helmDir, environment)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DeployTree(helmDir).environment(environment));
        } catch (DigitctlException e) {
            return Optional.empty();
        }
    }

    static ClusterSession open(Path helmDir, String environment, KubeConnector.Target given, io.digitctl.event.ProgressListener progress) {
        return ClusterSession.openForLedger(helmDir, environment, of(helmDir, environment, given), progress);
    }
}
