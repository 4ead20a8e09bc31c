package io.digitctl.plan;

import io.digitctl.model.ReleaseChart;

/** A module that depends on a module the release does not have. */
public record UnknownDependency(ReleaseChart release, String module, String dependency, int line) {
    public String message() {
        return "module '" + module + "' depends on '" + dependency + "', which is not a module of this release (modules: "
                + String.join(", ", release.moduleNames()) + ").";
    }
}
