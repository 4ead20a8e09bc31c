package io.digitctl.action;

import io.digitctl.model.DigitctlException;
import io.digitctl.model.ImageRef;
import io.digitctl.tree.ChartEntry;
import io.digitctl.tree.DeployTree;
import io.digitctl.tree.YamlDocument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Release images listed without a tag whose render would have none on a fresh cluster. A deploy
 * gives such an image the tag of its last deployed revision or the one running in the environment;
 * where neither exists, a chart that requires a tag (DIGIT's common chart: "Tag is mandatory") fails
 * to render, unless its values, its service values file or the env file give one.
 */
final class UntaggedImages {
    private static final Pattern REQUIRED_TAG = Pattern.compile("\\{\\{[^}]*\\brequired\\b[^}]*\\.tag\\b");

    private final List<Map<String, Object>> envValues;
    private final Map<Path, Boolean> requiresTag = new HashMap<>();

    private UntaggedImages(List<Map<String, Object>> envValues) {
        this.envValues = envValues;
    }

    /** For the env files being validated: a tag set in one of them counts. */
    static UntaggedImages of(DeployTree tree, List<String> environments) {
        List<Map<String, Object>> values = new ArrayList<>();
        for (String name : environments) {
            try {
                values.add(tree.environment(name).values());
            } catch (DigitctlException e) {
                // an env file that cannot be read is reported on its own
            }
        }
        return new UntaggedImages(values);
    }

    /** What to tell about an image of a release, if its render may have no tag. */
    Optional<String> problem(ChartEntry chart, ImageRef image, String module) {
        if (image.tag() != null || image.digest() != null || !requiresTag(chart.chartDir()) || hasTag(chart)) {
            return Optional.empty();
        }
        String service = chart.service();
        return Optional.of("service '" + service + "' (module " + module + ") has no tag here, its chart requires one, and neither its"
                + " values nor an env file set " + service + ".image.tag: a deploy takes the tag of its last deployed revision or the one"
                + " running in the environment, and where neither exists (a fresh cluster) it fails to render ('Tag is mandatory')."
                + " Pin a tag: " + image.text() + ":<tag>.");
    }

    private boolean hasTag(ChartEntry chart) {
        List<Object> layers = new ArrayList<>();
        layers.add(values(chart.chartDir().resolve("values.yaml")));
        if (chart.serviceValues() != null) {
            layers.add(values(chart.serviceValues()));
        }
        envValues.forEach(env -> layers.add(env.get(chart.service())));
        return layers.stream().anyMatch(v -> v instanceof Map<?, ?> m && m.get("image") instanceof Map<?, ?> i && i.get("tag") != null);
    }

    /** Whether a template of the chart, or of a chart it takes from the tree ({@code file://}), requires a tag. */
    private boolean requiresTag(Path chartDir) {
        Path dir = chartDir.toAbsolutePath().normalize();
        Boolean known = requiresTag.get(dir);
        if (known != null) {
            return known;
        }
        requiresTag.put(dir, false); // a dependency cycle ends here; validate reports it elsewhere
        boolean found = templatesRequireTag(dir.resolve("templates")) || localDependencies(dir).stream().anyMatch(this::requiresTag);
        requiresTag.put(dir, found);
        return found;
    }

    private static boolean templatesRequireTag(Path templates) {
        if (!Files.isDirectory(templates)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(templates)) {
            return files.filter(Files::isRegularFile).anyMatch(f -> REQUIRED_TAG.matcher(read(f)).find());
        } catch (IOException | UncheckedIOException e) {
            return false; // an unreadable chart is reported on its own
        }
    }

    private static List<Path> localDependencies(Path chartDir) {
        List<Path> out = new ArrayList<>();
        for (String file : List.of("Chart.yaml", "requirements.yaml")) {
            if (values(chartDir.resolve(file)).get("dependencies") instanceof List<?> deps) {
                for (Object dep : deps) {
                    if (dep instanceof Map<?, ?> d && d.get("repository") instanceof String repo && repo.startsWith("file://")) {
                        out.add(chartDir.resolve(repo.substring("file://".length())));
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, Object> values(Path file) {
        try {
            return Files.isRegularFile(file) ? YamlDocument.read(file).mapping() : Map.of();
        } catch (DigitctlException e) {
            return Map.of();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
