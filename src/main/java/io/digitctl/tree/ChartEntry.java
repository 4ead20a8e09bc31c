package io.digitctl.tree;

import java.nio.file.Path;

/**
 * A service found in the chart index.
 *
 * @param service       the service name
 * @param chartDir      the folder holding the chart that serves it
 * @param serviceValues the {@code <service>-values.yaml} file, or null when the service is named by
 *                      its folder (then the chart's own values.yaml applies alone)
 */
public record ChartEntry(String service, Path chartDir, Path serviceValues) {
    public boolean isChart() {
        return java.nio.file.Files.isRegularFile(chartDir.resolve("Chart.yaml"));
    }
}
