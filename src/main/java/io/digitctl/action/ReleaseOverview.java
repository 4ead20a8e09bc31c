package io.digitctl.action;

import io.digitctl.model.ReleaseChart;
import io.digitctl.model.ReleaseModule;

import java.util.List;
import java.util.Set;

/**
 * A release chart explained: every module in dependency levels, which modules a deploy selects by
 * default, and which services have no chart in the tree.
 */
public record ReleaseOverview(ReleaseChart release, List<List<ReleaseModule>> levels, List<String> defaultModules,
                              Set<String> servicesWithoutChart) {
}
