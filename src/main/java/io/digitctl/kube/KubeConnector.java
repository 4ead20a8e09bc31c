package io.digitctl.kube;

import io.digitctl.model.DigitctlException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import io.fabric8.kubernetes.api.model.NamedContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

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

    /** Where "Cluster: context X, server Y" goes before anything is changed; the CLI points it at stderr. */
    private static volatile java.util.function.Consumer<String> announcer = line -> { };

    /** Sets what receives the one line naming the context and server of each connection. */
    public static void announceTo(java.util.function.Consumer<String> sink) {
        announcer = sink == null ? line -> { } : sink;
    }

    /** The line printed for each connection: which context, which server. */
    public static String describe(Config config) {
        NamedContext current = config.getCurrentContext();
        return "Cluster: context " + (current != null && current.getName() != null ? current.getName() : "(none: in-cluster or defaults)")
                + ", server " + config.getMasterUrl();
    }

    public static Fabric8Gateway connect(Target target, Retry retry) {
        Config config = config(target, System.getenv("KUBECONFIG"));
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
        announcer.accept(describe(config));
        return gateway;
    }

    /** The server's own words when there are some, without the sentence around them. */
    private static String reason(DigitctlException e) {
        if (e instanceof KubeException k && k.serverMessage() != null && !k.serverMessage().isBlank()) {
            return k.serverMessage().strip();
        }
        String m = e.getMessage();
        int open = m.indexOf(" (");
        return open > 0 && m.endsWith(").") ? m.substring(open + 2, m.length() - 2) : m.replaceAll("\\.+$", "");
    }

    /**
     * The client configuration of a target: the kubeconfig must exist (whether named by
     * --kubeconfig or KUBECONFIG), and a named context must be one the kubeconfig has; the
     * kubeconfig's current context is never used in place of a context that was asked for.
     */
    static Config config(Target target, String kubeconfigEnv) {
        Config config;
        String source;
        if (target.kubeconfig() != null) {
            source = "the kubeconfig " + target.kubeconfig();
            requireFile(target.kubeconfig(), "--kubeconfig");
            try {
                config = Config.fromKubeconfig(target.context(), target.kubeconfig().toFile());
            } catch (NullPointerException e) {
                throw new DigitctlException("The kubeconfig " + target.kubeconfig() + " is empty or is not a kubeconfig (no clusters, users"
                        + " or contexts). Give the right file with --kubeconfig.");
            } catch (RuntimeException e) {
                throw new DigitctlException("Cannot read the kubeconfig " + target.kubeconfig() + ": " + e.getMessage());
            }
        } else {
            if (kubeconfigEnv != null && !kubeconfigEnv.isBlank()) {
                List<Path> files = Arrays.stream(kubeconfigEnv.split(java.io.File.pathSeparator)).filter(p -> !p.isBlank()).map(Path::of).toList();
                if (files.stream().noneMatch(Files::isRegularFile)) {
                    requireFile(files.isEmpty() ? Path.of(kubeconfigEnv) : files.get(0), "KUBECONFIG");
                }
                source = "the kubeconfig " + kubeconfigEnv + " (KUBECONFIG)";
            } else {
                source = "the kubeconfig ~/.kube/config";
            }
            try {
                config = Config.autoConfigure(target.context());
            } catch (RuntimeException e) {
                throw new DigitctlException("Cannot read the kubeconfig" + (target.context() != null ? " for context " + target.context() : "")
                        + ": " + e.getMessage() + ". Give one with --kubeconfig.");
            }
        }
        List<String> known = config.getContexts() == null ? List.of()
                : config.getContexts().stream().map(NamedContext::getName).filter(n -> n != null).toList();
        boolean fromFile = target.kubeconfig() != null || (kubeconfigEnv != null && !kubeconfigEnv.isBlank())
                || Files.isRegularFile(Path.of(System.getProperty("user.home"), ".kube", "config"));
        if (target.context() == null && fromFile && config.getCurrentContext() == null) {
            // without a context, the client would fall back to the in-cluster address: never guess a cluster
            throw new DigitctlException(capitalized(source) + " names no current context, and no --context (or global.kubeContext) was given"
                    + (known.isEmpty() ? "; it has no contexts at all." : ". Pass --context; it has: " + String.join(", ", known) + ".")
                    + " Nothing was changed.");
        }
        if (target.context() != null) {
            List<String> contexts = known;
            NamedContext current = config.getCurrentContext();
            if (!contexts.contains(target.context()) || current == null || !target.context().equals(current.getName())) {
                throw new DigitctlException("The context '" + target.context() + "' (from --context or global.kubeContext of the env file) is not in "
                        + source + (contexts.isEmpty() ? ", which has no contexts." : "; it has: " + String.join(", ", contexts) + ".")
                        + " Nothing was changed.");
            }
        }
        return config;
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static void requireFile(Path file, String from) {
        if (Files.isDirectory(file)) {
            throw new DigitctlException("The kubeconfig " + file + " (" + from + ") is a folder, not a file.");
        }
        if (!Files.isRegularFile(file)) {
            throw new DigitctlException("The kubeconfig " + file + " (" + from + ") does not exist.");
        }
    }
}
