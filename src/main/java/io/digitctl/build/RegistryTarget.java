package io.digitctl.build;

import java.util.Map;

/**
 * Where images are pushed: {@code registry} is a host with an optional path, such as
 * {@code docker.io/egovio} (the reference's default) or {@code 127.0.0.1:5000/egovio}.
 *
 * @param insecure allow plain HTTP and unverified TLS (local registries)
 * @param user     from DIGITCTL_REGISTRY_USER, or null to use ~/.docker/config.json
 */
public record RegistryTarget(String registry, boolean insecure, String user, String password) {
    public static final String DEFAULT = "docker.io/egovio";

    public static RegistryTarget of(String registry, boolean insecure, Map<String, String> env) {
        String r = registry == null || registry.isBlank() ? DEFAULT : registry.replaceAll("/+$", "");
        return new RegistryTarget(r, insecure, blankToNull(env.get("DIGITCTL_REGISTRY_USER")), blankToNull(env.get("DIGITCTL_REGISTRY_PASSWORD")));
    }

    public String repository(String imageName) {
        return registry + "/" + imageName;
    }

    public String reference(String imageName, String tag) {
        return repository(imageName) + ":" + tag;
    }

    /** The registry host, for the HTTP API. */
    public String host() {
        return registry.contains("/") ? registry.substring(0, registry.indexOf('/')) : registry;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
