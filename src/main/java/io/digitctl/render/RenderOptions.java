package io.digitctl.render;

import java.nio.file.Path;
import java.util.List;

/**
 * What every service of one render shares.
 *
 * @param envFile      the environment's master YAML, passed whole to every chart as the reference does
 * @param kubeVersion  the Kubernetes version that charts see as .Capabilities.KubeVersion
 * @param extraValues  values files given after the env file for the cluster-configs chart only (its secrets)
 * @param parallelism  how many services render at once
 * @param recorded     which services need not be rendered, as their last deploy was rendered from the same inputs
 */
public record RenderOptions(Path envFile, String kubeVersion, List<Path> extraValues, int parallelism, RecordedRenders recorded) {
    /** A current Kubernetes, not Helm's offline default of v1.20 that newer charts refuse. */
    public static final String DEFAULT_KUBE_VERSION = "v1.33.0";

    /** Every service rendered. */
    public RenderOptions(Path envFile, String kubeVersion, List<Path> extraValues, int parallelism) {
        this(envFile, kubeVersion, extraValues, parallelism, RecordedRenders.NONE);
    }
}
