package io.digitctl.action;

import io.digitctl.model.DigitctlException;
import io.digitctl.model.ImageRef;
import io.digitctl.tree.ChartEntry;
import io.digitctl.tree.DeployTree;
import io.digitctl.tree.LocalDependencies;
import io.digitctl.tree.YamlDocument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Release images listed without a tag whose render would have none on a fresh cluster. A deploy
 * gives such an image the tag of its last deployed revision or the one running in the environment;
 * where neither exists, a chart that requires a tag (DIGIT's common chart: "Tag is mandatory") fails
 * to render, unless its values, its service values file or the environment's env file give one.
 */
final class UntaggedImages {
    private static final Pattern REQUIRED_TAG = Pattern.compile("\\{\\{[^}]*\\brequired\\b[^}]*\\.tag\\b");

    /** Environment name → its env file's values, for the environments being validated. */
    private final Map<String, Map<String, Object>> envValues;
    private final Map<Path, Boolean> templatesRequireTag = new HashMap<>();

    private UntaggedImages(Map<String, Map<String, Object>> envValues) {
        this.envValues = envValues;
    }

    static UntaggedImages of(DeployTree tree, List<String> environments) {
        Map<String, Map<String, Object>> values = new LinkedHashMap<>();
        for (String name : environments) {
            try {
                values.put(name, tree.environment(name).values());
            } catch (DigitctlException e) {
                // an env file that cannot be read is reported by the environment checks
            }
        }
        return new UntaggedImages(values);
    }

    /**
     * What to tell about an image of a release, if its render may have no tag in some environment.
     * {@code tagged} are the services of the release with a tagged image: a migration image without a
     * tag takes its service's tag.
     */
    Optional<String> problem(ChartEntry chart, ImageRef image, String module, Set<String> tagged) {
        String service = chart.service();
        if (image.tag() != null || image.digest() != null || tagged.contains(service) || !requiresTag(chart.chartDir())
                || hasTag(values(chart.chartDir().resolve("values.yaml"))) || (chart.serviceValues() != null && hasTag(values(chart.serviceValues())))) {
            return Optional.empty();
        }
        List<String> without = envValues.entrySet().stream().filter(e -> !hasTag(e.getValue().get(service))).map(Map.Entry::getKey).toList();
        if (without.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("service '" + service + "' (module " + module + ") has no tag here, its chart requires one, and neither its"
                + " values nor the env file of " + String.join(", ", without) + " set " + service + ".image.tag: a deploy takes the tag of"
                + " its last deployed revision or the one running in the environment, and where neither exists (a fresh cluster) it"
                + " fails to render ('Tag is mandatory'). Pin a tag: " + image.text() + ":<tag>.");
    }

    /** Whether values give {@code image.tag}; an empty tag fails Helm's {@code required} as a missing one does. */
    private static boolean hasTag(Object values) {
        return values instanceof Map<?, ?> m && m.get("image") instanceof Map<?, ?> image && image.get("tag") != null
                && !String.valueOf(image.get("tag")).isBlank();
    }

    /** Whether a template of the chart, or of a chart it takes from the tree ({@code file://}), requires a tag. */
    private boolean requiresTag(Path chartDir) {
        Set<Path> seen = new HashSet<>();
        Deque<Path> next = new ArrayDeque<>(List.of(chartDir.toAbsolutePath().normalize()));
        while (!next.isEmpty()) {
            Path dir = next.pop();
            if (!seen.add(dir)) {
                continue;
            }
            if (templatesRequireTag.computeIfAbsent(dir, d -> templatesRequireTag(d.resolve("templates")))) {
                return true;
            }
            next.addAll(localDependencies(dir));
        }
        return false;
    }

    private static boolean templatesRequireTag(Path templates) {
        if (!Files.isDirectory(templates)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(templates)) {
            return files.filter(Files::isRegularFile).anyMatch(f -> REQUIRED_TAG.matcher(text(f)).find());
        } catch (IOException | UncheckedIOException e) {
            return false; // a chart folder that cannot be listed is reported by the chart checks
        }
    }

    /** The charts of {@code file://} dependencies; a Chart.yaml or requirements.yaml that does not parse names none. */
    private static List<Path> localDependencies(Path chartDir) {
        List<Path> out = new ArrayList<>();
        for (String file : LocalDependencies.FILES) {
            try {
                LocalDependencies.declaredIn(chartDir, file).forEach(dep -> out.add(dep.source()));
            } catch (DigitctlException e) {
                // reported as a syntax error by the chart checks, where it is a values or Chart.yaml file
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

    /** A template's text; one that cannot be read as text (not UTF-8) counts as requiring nothing, the others still count. */
    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
