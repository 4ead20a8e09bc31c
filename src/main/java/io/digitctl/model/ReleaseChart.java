package io.digitctl.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** One product release chart file: {@code product-release-charts/<product>/dependency_chart-<version>.yaml}. */
public record ReleaseChart(String product, String version, Path file, List<ReleaseModule> modules) {

    public Optional<ReleaseModule> module(String name) {
        return modules.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public List<String> moduleNames() {
        return modules.stream().map(ReleaseModule::name).toList();
    }
}
