package io.digitctl.tree;

import java.nio.file.Path;

/** A release chart found on disk, not yet parsed. */
public record ReleaseChartFile(String product, String version, Path file) {
}
