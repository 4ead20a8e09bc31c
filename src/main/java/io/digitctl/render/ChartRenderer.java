package io.digitctl.render;

import com.marcnuri.helm.TemplateCommand;
import io.digitctl.model.DigitctlException;
import io.digitctl.plan.ServiceDeploy;

import io.digitctl.tree.YamlDocument;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders one service with the embedded Helm, with the reference deployer's values precedence
 * (lowest first): the chart's values.yaml, the env file, {@code <service>-values.yaml}, then
 * {@code name}, {@code image.tag} and {@code initContainers.dbMigration.image.tag}. The chart's
 * {@code crds/} documents come first, as Helm installs them before the templates.
 */
public final class ChartRenderer {
    /** The chart that takes the environment's secrets file as well (the reference's -c). */
    public static final String CLUSTER_CONFIGS = "cluster-configs";
    private static final String HELM_DEBUG_HINT = "Use --debug flag to render out invalid YAML";

    private final ChartStager stager;
    private final Map<Path, ChartShape> shapes = new ConcurrentHashMap<>();

    public ChartRenderer(ChartStager stager) {
        this.stager = stager;
    }

    public ServiceRender render(ServiceDeploy deploy, RenderOptions options, RenderWorkspace workspace) {
        long start = System.nanoTime();
        try {
            ChartStager.Staged staged = stager.staged(deploy.chart().chartDir());
            Path chart = staged.dir();
            List<Path> passed = new ArrayList<>();
            for (Path values : valuesFiles(deploy, options)) {
                passed.add(options.extraValues().contains(values) ? values : workspace.withHooksHidden(values));
            }
            ChartShape shape = shape(chart);
            List<String> warnings = new ArrayList<>();
            if (deploy.appTag() != null && !shape.takesImageTag()) {
                warnings.add(deploy.service() + ": the chart's 'image' value is not a map, so the tag " + deploy.appTag()
                        + " cannot be set; the chart's own image is used.");
            }
            passed.add(workspace.overrides(deploy, shape));
            // a secrets file is never part of a digest that is recorded
            String input = passed.stream().anyMatch(options.extraValues()::contains) ? null
                    : workspace.inputs().digest(deploy.service(), options.kubeVersion(), staged, passed);
            if (input != null && options.recorded().canStandIn(deploy.service(), input)) {
                return new ServiceRender.Recorded(deploy, List.copyOf(warnings), millisSince(start), input);
            }
            TemplateCommand template = new TemplateCommand(HelmRuntime.lib(), chart)
                    .withName(deploy.service())
                    .withKubeVersion(options.kubeVersion());
            for (Path values : passed) {
                template = template.withValuesFile(values);
            }
            String output = template.call();
            List<Manifest> manifests = new ArrayList<>(ManifestSplitter.crds(deploy.service(), chart));
            manifests.addAll(ManifestSplitter.split(deploy.service(), output == null ? "" : output));
            if (manifests.isEmpty()) {
                warnings.add(deploy.service() + ": the chart renders no objects.");
            }
            return new ServiceRender.Rendered(deploy, List.copyOf(manifests), List.copyOf(warnings), millisSince(start), input);
        } catch (ManifestSplitter.InvalidManifestException e) {
            return new ServiceRender.Failed(deploy, e.getMessage(), millisSince(start));
        } catch (DigitctlException e) {
            return new ServiceRender.Failed(deploy, e.getMessage(), millisSince(start));
        } catch (IllegalStateException e) {
            // helm-java reports Helm's own error this way: template file, line and reason
            return new ServiceRender.Failed(deploy, helmMessage(e), millisSince(start));
        }
    }

    /**
     * Which overrides the chart can take. {@code image.tag} and
     * {@code initContainers.dbMigration.image.tag} need {@code image} and {@code initContainers} to be
     * maps; some charts not built on DIGIT's common chart declare them as a string or a list, and
     * setting the tag there, as the reference always does, replaces the chart's value with a map and
     * breaks its output.
     */
    private ChartShape shape(Path stagedChart) {
        return shapes.computeIfAbsent(stagedChart, dir -> {
            Path values = dir.resolve("values.yaml");
            if (!Files.isRegularFile(values)) {
                return new ChartShape(true, true);
            }
            Map<String, Object> top = YamlDocument.read(values).mapping();
            return new ChartShape(mapOrAbsent(top.get("image")), mapOrAbsent(top.get("initContainers")));
        });
    }

    private static boolean mapOrAbsent(Object value) {
        return value == null || value instanceof Map;
    }

    /** Whether {@code image} and {@code initContainers} of a chart's values can take a tag. */
    record ChartShape(boolean takesImageTag, boolean takesMigrationTag) {
    }

    static List<Path> valuesFiles(ServiceDeploy deploy, RenderOptions options) {
        List<Path> files = new ArrayList<>();
        files.add(options.envFile());
        if (deploy.chart().serviceValues() != null) {
            files.add(deploy.chart().serviceValues());
        }
        if (CLUSTER_CONFIGS.equals(deploy.service())) {
            files.addAll(options.extraValues());
        }
        return files;
    }

    private static String helmMessage(IllegalStateException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.replace(HELM_DEBUG_HINT, "").strip();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
