package io.digitctl.cli;

import io.digitctl.kube.KubeConnector;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Which cluster: the usual kubeconfig rules unless told otherwise. */
final class ClusterOptions {
    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "The kubeconfig (default: KUBECONFIG, else ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "The kubeconfig context (default: global.kubeContext of the env file, else the current context).")
    String context;

    KubeConnector.Target target() {
        return new KubeConnector.Target(kubeconfig, context);
    }
}
