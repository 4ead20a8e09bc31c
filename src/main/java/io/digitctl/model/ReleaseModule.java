package io.digitctl.model;

import java.util.List;

/**
 * A module of a product release chart: pinned images and the modules it needs first.
 *
 * @param line 1-based line of the module in its file, for messages
 */
public record ReleaseModule(String name, List<PinnedImage> images, List<String> dependencies, int line) {

    /** Modules named {@code m_...} are the user-selectable features; the rest come in as dependencies. */
    public boolean isFeature() {
        return name.contains("m_");
    }

    /** An image entry of a module, with the line it was written on. */
    public record PinnedImage(ImageRef image, int line) {
    }
}
