package io.digitctl.render;

import java.nio.file.Path;

/**
 * Where digitctl keeps what it can rebuild: the Helm native library and staged chart copies.
 * {@code DIGITCTL_CACHE_DIR} wins, then {@code $XDG_CACHE_HOME/digitctl}, then {@code ~/.cache/digitctl}.
 */
public final class CacheDir {
    private CacheDir() {
    }

    public static Path resolve() {
        String explicit = System.getProperty("digitctl.cache.dir", System.getenv("DIGITCTL_CACHE_DIR"));
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "digitctl");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "digitctl");
    }
}
