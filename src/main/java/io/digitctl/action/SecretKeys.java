package io.digitctl.action;

import io.digitctl.secrets.doc.Branch;

import java.util.List;
import java.util.Map;

/**
 * Which cluster-configs secrets and keys an environment has, from every values layer that holds
 * them: the chart's values.yaml, the env file and the secrets file (names are clear in all three).
 */
final class SecretKeys {
    private final List<Map<String, Object>> plainLayers;
    private final Branch secretsFile;

    SecretKeys(Map<String, Object> chartValues, Map<String, Object> envValues, Branch secretsFile) {
        this.plainLayers = List.of(chartValues, envValues);
        this.secretsFile = secretsFile;
    }

    boolean hasSecret(String secret) {
        return plainLayers.stream().anyMatch(l -> plainSecret(l, secret) != null) || fileSecret(secret) != null;
    }

    boolean hasKey(String secret, String key) {
        for (Map<String, Object> layer : plainLayers) {
            if (plainSecret(layer, secret) instanceof Map<?, ?> map && map.containsKey(key)) {
                return true;
            }
        }
        return fileSecret(secret) instanceof Branch branch && branch.containsKey(key);
    }

    private static Object plainSecret(Map<String, Object> layer, String secret) {
        if (layer.get("cluster-configs") instanceof Map<?, ?> cc && cc.get("secrets") instanceof Map<?, ?> secrets) {
            return secrets.get(secret);
        }
        return null;
    }

    private Object fileSecret(String secret) {
        if (secretsFile != null && secretsFile.get("cluster-configs").orElse(null) instanceof Branch cc
                && cc.get("secrets").orElse(null) instanceof Branch secrets) {
            return secrets.get(secret).orElse(null);
        }
        return null;
    }
}
