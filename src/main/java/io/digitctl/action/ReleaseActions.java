package io.digitctl.action;

import io.digitctl.model.DigitctlException;
import io.digitctl.model.ReleaseChart;
import io.digitctl.model.ReleaseModule;
import io.digitctl.plan.ModuleOrder;
import io.digitctl.plan.UnknownDependency;
import io.digitctl.tree.ChartIndex;
import io.digitctl.tree.DeployTree;
import io.digitctl.tree.ReleaseChartFile;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code release list} and {@code release show}. */
public final class ReleaseActions {

    public List<ReleaseChartFile> list(Path helmDir) {
        return new DeployTree(helmDir).releases().list();
    }

    public ReleaseOverview show(Path helmDir, String product, String version) {
        DeployTree tree = new DeployTree(helmDir);
        ReleaseChart release = tree.releases().load(product, version);
        List<UnknownDependency> unknown = ModuleOrder.unknownDependencies(release);
        if (!unknown.isEmpty()) {
            UnknownDependency u = unknown.get(0);
            throw new DigitctlException(release.file() + ":" + u.line() + ": " + u.message());
        }
        List<List<ReleaseModule>> levels = ModuleOrder.levels(release, new LinkedHashSet<>(release.moduleNames()));
        ChartIndex index = tree.charts();
        Set<String> withoutChart = new LinkedHashSet<>();
        for (ReleaseModule module : release.modules()) {
            for (ReleaseModule.PinnedImage pinned : module.images()) {
                if (!index.contains(pinned.image().serviceName())) {
                    withoutChart.add(pinned.image().serviceName());
                }
            }
        }
        List<String> defaults = release.modules().stream().filter(ReleaseModule::isFeature).map(ReleaseModule::name).toList();
        return new ReleaseOverview(release, levels, defaults, withoutChart);
    }
}
