package io.digitctl.action;

import io.digitctl.model.ImageRef;
import io.digitctl.secrets.keys.KeySettings;

import java.nio.file.Path;
import java.util.List;

/**
 * What to deploy: either images, or a product release with optional modules; and how.
 *
 * @param kubeVersion           Kubernetes version for rendering, or null to take it from the env file or the default
 * @param includeClusterConfigs render the cluster-configs chart first, with the env's secrets (the reference's -c)
 * @param keys                  where the keys of a SOPS-encrypted secrets file come from
 * @param ignoreMac             read a secrets file whose MAC is missing or wrong (recovery only)
 */
public record DeployRequest(Path helmDir, String environment, List<ImageRef> images, String product, String version,
                            List<String> modules, boolean skipMissing, String kubeVersion, int parallelism,
                            boolean includeClusterConfigs, KeySettings keys, boolean ignoreMac) {

    public boolean isRelease() {
        return product != null;
    }
}
