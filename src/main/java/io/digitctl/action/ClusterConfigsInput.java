package io.digitctl.action;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitctl.kube.ClusterGateway;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.apply.DeployLabels;
import io.digitctl.model.DigitctlException;
import io.digitctl.model.ResourceKey;
import io.digitctl.tree.Environment;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What cluster-configs was last applied from, kept so that a deploy without {@code -c} can say that
 * the environment's config changed and which keys: a hash per key of the env file's
 * {@code cluster-configs} section and of the secrets file's (of the ciphertext, for an encrypted
 * one), in a Secret of the ledger namespace. Never a value.
 */
final class ClusterConfigsInput {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECTION = "cluster-configs";

    private ClusterConfigsInput() {
    }

    /** Path of each key (prefixed with the file it is in) to a hash of its value. */
    static Map<String, String> fingerprint(Environment env) {
        Map<String, String> out = new TreeMap<>();
        flatten("env file", env.values().get(SECTION), "", out, env.name());
        env.secrets().ifPresent(file -> flatten("secrets file", read(file).get(SECTION), "", out, env.name()));
        return out;
    }

    /** The keys whose value differs from what was last applied with -c; empty when nothing was recorded or nothing changed. */
    static List<String> changedSinceApplied(ClusterGateway cluster, Environment env) {
        Map<String, Object> stored = cluster.get("v1", key(env.name())).orElse(null);
        if (stored == null) {
            return List.of();
        }
        Map<String, String> before;
        try {
            before = JSON.readValue(Base64.getDecoder().decode(String.valueOf(KubeObjects.at(stored, "data", "fingerprint"))),
                    new TypeReference<Map<String, String>>() {
                    });
        } catch (IOException | IllegalArgumentException e) {
            return List.of();
        }
        Map<String, String> now = fingerprint(env);
        TreeSet<String> changed = new TreeSet<>();
        now.forEach((path, hash) -> {
            if (!Objects.equals(before.get(path), hash)) {
                changed.add(path);
            }
        });
        before.keySet().stream().filter(path -> !now.containsKey(path)).forEach(changed::add);
        return List.copyOf(changed);
    }

    static void recordApplied(ClusterGateway cluster, Environment env) {
        Map<String, Object> labels = new LinkedHashMap<>(Map.of(DeployLabels.MANAGED_BY, DeployLabels.MANAGER, DeployLabels.ENVIRONMENT, env.name(),
                "digitctl.io/ledger", "cluster-configs-input"));
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("apiVersion", "v1");
        secret.put("kind", "Secret");
        secret.put("metadata", Map.of("name", key(env.name()).name(), "namespace", ApplyOptions.LEDGER_NAMESPACE, "labels", labels));
        secret.put("type", "digitctl.io/cluster-configs-input.v1");
        try {
            secret.put("data", Map.of("fingerprint", Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(fingerprint(env)))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        cluster.apply(secret, false);
    }

    private static ResourceKey key(String environment) {
        return new ResourceKey("", "Secret", ApplyOptions.LEDGER_NAMESPACE, "digitctl." + environment + ".cluster-configs-input");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path file) {
        try {
            Object doc = new Yaml(new LoaderOptions()).load(Files.readString(file, StandardCharsets.UTF_8));
            return doc instanceof Map ? (Map<String, Object>) doc : Map.of();
        } catch (IOException | RuntimeException e) {
            throw new DigitctlException("Cannot read " + file + " to compare cluster-configs with what was applied: " + e.getMessage());
        }
    }

    private static void flatten(String file, Object node, String path, Map<String, String> out, String salt) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(file, v, path.isEmpty() ? String.valueOf(k) : path + "." + k, out, salt));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(file, list.get(i), path + "[" + i + "]", out, salt);
            }
        } else if (!path.isEmpty()) {
            out.put(file + ": " + SECTION + "." + path, hash(salt + "\u0000" + path + "\u0000" + node));
        }
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
