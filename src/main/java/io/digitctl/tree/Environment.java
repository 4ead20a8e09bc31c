package io.digitctl.tree;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An environment's master YAML and, when present, its secrets file beside it.
 *
 * <p>The parsed document is read only for planning and checks: Helm reads the file itself.
 */
public record Environment(String name, Path file, YamlDocument document, Path secretsFile) {

    /** Top-level keys that configure the whole environment rather than one service. */
    public static final Set<String> ENVIRONMENT_KEYS = Set.of("global", "cluster-configs", "digitctl");

    public Map<String, Object> values() {
        return document.mapping();
    }

    public Optional<Path> secrets() {
        return Optional.ofNullable(secretsFile);
    }

    /**
     * {@code digitctl.volatilePaths}: fields the charts fill anew on every render, beyond the
     * built-in ones. Under its own top-level key, which no chart reads.
     */
    public java.util.List<String> volatilePaths() {
        if (values().get("digitctl") instanceof Map<?, ?> own && own.get("volatilePaths") instanceof java.util.List<?> paths) {
            return paths.stream().map(String::valueOf).toList();
        }
        if (values().get("digitctl") instanceof Map<?, ?> own && own.get("volatilePaths") != null) {
            throw new io.digitctl.model.DigitctlException(file + ": digitctl.volatilePaths must be a list of paths, such as"
                    + " [spec.template.metadata.annotations[checksum/config]].");
        }
        return java.util.List.of();
    }

    /** {@code global.<key>} as text, when set. */
    public Optional<String> global(String key) {
        if (values().get("global") instanceof Map<?, ?> global && global.get(key) != null) {
            return Optional.of(String.valueOf(global.get(key)));
        }
        return Optional.empty();
    }
}
