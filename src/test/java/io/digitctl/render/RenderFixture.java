package io.digitctl.render;

import io.digitctl.model.ImageRef;
import io.digitctl.model.TagSource;
import io.digitctl.plan.ServiceDeploy;
import io.digitctl.tree.ChartIndex;

import java.nio.file.Path;
import java.util.List;

import static io.digitctl.TestTrees.write;

/** A small tree written by a test, and the renderer over it. */
final class RenderFixture {
    final Path root;
    final Path envFile;
    final ChartRenderer renderer;

    RenderFixture(Path root, Path cache) {
        this.root = root;
        this.envFile = write(root, "environments/test.yaml", "global:\n  namespace: egov\n");
        this.renderer = new ChartRenderer(new ChartStager(cache));
    }

    /** A chart of one ConfigMap-producing template named after the folder. */
    Path chart(String folder, String chartYamlExtra, String valuesYaml, String template) {
        write(root, "charts/" + folder + "/Chart.yaml", "apiVersion: v2\nname: " + folder + "\nversion: 0.1.0\n" + chartYamlExtra);
        if (valuesYaml != null) {
            write(root, "charts/" + folder + "/values.yaml", valuesYaml);
        }
        write(root, "charts/" + folder + "/templates/main.yaml", template);
        return root.resolve("charts/" + folder);
    }

    ServiceDeploy deploy(String service, String tag) {
        return deploy(service, tag, tag);
    }

    ServiceDeploy deploy(String service, String tag, String migrationTag) {
        ChartIndex index = ChartIndex.scan(root.resolve("charts"));
        return new ServiceDeploy(service, null, index.find(service).orElseThrow(), ImageRef.parse(service),
                tag, migrationTag, tag == null ? TagSource.CHART_DEFAULT : TagSource.COMMAND_LINE);
    }

    RenderOptions options(String kubeVersion) {
        return new RenderOptions(envFile, kubeVersion, List.of(), 2);
    }

    ServiceRender render(ServiceDeploy deploy) {
        return render(deploy, RenderOptions.DEFAULT_KUBE_VERSION);
    }

    ServiceRender render(ServiceDeploy deploy, String kubeVersion) {
        try (RenderWorkspace workspace = new RenderWorkspace()) {
            return renderer.render(deploy, options(kubeVersion), workspace);
        }
    }

    static List<Manifest> manifests(ServiceRender result) {
        if (result instanceof ServiceRender.Failed failed) {
            throw new AssertionError("render failed: " + failed.message());
        }
        return ((ServiceRender.Rendered) result).manifests();
    }

    @SuppressWarnings("unchecked")
    static java.util.Map<String, Object> data(Manifest manifest) {
        return (java.util.Map<String, Object>) manifest.object().get("data");
    }
}
