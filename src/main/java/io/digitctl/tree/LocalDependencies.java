package io.digitctl.tree;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code file://} dependencies a chart declares: what staging copies into its {@code charts/}
 * folder, what validate checks, and the charts whose templates a chart also renders.
 */
public final class LocalDependencies {
    /** The files that declare a chart's dependencies: Helm 3's Chart.yaml and Helm 2's requirements.yaml. */
    public static final List<String> FILES = List.of("Chart.yaml", "requirements.yaml");
    private static final String FILE_REPO = "file://";

    /**
     * One dependency.
     *
     * @param declaredIn the Chart.yaml or requirements.yaml that names it
     * @param source     the chart folder its repository points to
     */
    public record LocalDependency(String name, String repository, Path declaredIn, Path source) {
        public boolean isChart() {
            return Files.isRegularFile(source.resolve("Chart.yaml"));
        }

        /** What to tell when {@link #source} is not a chart. */
        public String notAChart() {
            return declaredIn + ": dependency '" + name + "' points to " + repository + ", but " + source + " is not a chart."
                    + " Fix the repository path.";
        }
    }

    private LocalDependencies() {
    }

    /**
     * The {@code file://} dependencies that one of {@link #FILES} of the chart declares; none when the file
     * is absent. A file that does not parse throws, with its file and line.
     */
    public static List<LocalDependency> declaredIn(Path chartDir, String fileName) {
        Path file = chartDir.resolve(fileName);
        List<LocalDependency> out = new ArrayList<>();
        if (!Files.isRegularFile(file) || !(YamlDocument.read(file).mapping().get("dependencies") instanceof List<?> entries)) {
            return out;
        }
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> dep && dep.get("repository") instanceof String repo && repo.startsWith(FILE_REPO)) {
                out.add(new LocalDependency(String.valueOf(dep.get("name")), repo, file,
                        chartDir.resolve(repo.substring(FILE_REPO.length())).normalize()));
            }
        }
        return out;
    }
}
