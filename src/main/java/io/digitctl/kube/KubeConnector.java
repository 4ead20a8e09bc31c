package io.digitctl.kube;

import io.digitctl.model.DigitctlException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Connects to the cluster of the user's kubeconfig (the usual rules: {@code --kubeconfig}, else
 * {@code KUBECONFIG}, else {@code ~/.kube/config}), in the context given by {@code --context}, else
 * the environment's {@code global.kubeContext}, else the current one; and checks that the server
 * answers before anything else happens.
 */
public final class KubeConnector {
    private KubeConnector() {
    }

    /** Where to connect. */
    public record Target(Path kubeconfig, String context) {
    }

    public static Fabric8Gateway connect(Target target, Retry retry) {
        Config config = config(target);
        config.setConnectionTimeout(5_000);
        config.setRequestTimeout(30_000);
        // our Retry decides what is retried; two layers of retries would multiply the waits
        config.setRequestRetryBackoffLimit(0);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        Fabric8Gateway gateway = new Fabric8Gateway(client, retry);
        try {
            // one quick retry only: an unreachable cluster must fail fast, before anything is rendered
            new Fabric8Gateway(client, new Retry(2, 200)).serverVersion();
        } catch (DigitctlException e) {
            gateway.close();
            throw new DigitctlException("Cannot reach the Kubernetes API server at " + config.getMasterUrl()
                    + (target.context() != null ? " (context " + target.context() + ")" : "") + ": " + reason(e)
                    + ". Check --kubeconfig, --context (or global.kubeContext in the env file) and that the cluster is up.");
        }
        return gateway;
    }

    private static String reason(DigitctlException e) {
        String m = e.getMessage();
        int open = m.indexOf(" (");
        return open > 0 && m.endsWith(").") ? m.substring(open + 2, m.length() - 2) : m;
    }

    private static Config config(Target target) {
        if (target.kubeconfig() != null) {
            if (!Files.isRegularFile(target.kubeconfig())) {
                throw new DigitctlException("The kubeconfig " + target.kubeconfig() + " does not exist.");
            }
            try {
                return Config.fromKubeconfig(target.context(), target.kubeconfig().toFile());
            } catch (RuntimeException e) {
                throw new DigitctlException("Cannot read the kubeconfig " + target.kubeconfig() + ": " + e.getMessage());
            }
        }
        try {
            return Config.autoConfigure(target.context());
        } catch (RuntimeException e) {
            throw new DigitctlException("Cannot read the kubeconfig" + (target.context() != null ? " for context " + target.context() : "")
                    + ": " + e.getMessage() + ". Give one with --kubeconfig.");
        }
    }
}
