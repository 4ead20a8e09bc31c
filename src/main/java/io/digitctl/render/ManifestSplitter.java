package io.digitctl.render;

import io.digitctl.model.ResourceKey;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Splits Helm's template output into {@link Manifest}s. Helm writes each document as
 * {@code ---}, then {@code # Source: <chart>/<file>}, then the body; we keep the body as written and
 * name the source by service, since one chart can serve several services. Helm hooks are among the
 * documents, with their real {@code helm.sh/hook} annotations (see {@link HookAnnotations}).
 */
final class ManifestSplitter {
    private static final String SOURCE = "# Source: ";
    private static final LoaderOptions LOADER = loaderOptions();

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        // Helm accepted the output; SnakeYAML would log each duplicate key into our stderr
        options.setWarnOnDuplicateKeys(false);
        return options;
    }

    private ManifestSplitter() {
    }

    /**
     * The documents of the chart's {@code crds/} folders (its own and its subcharts'). Helm does not
     * template them and leaves them out of the rendered manifest, installing them first instead.
     */
    static List<Manifest> crds(String service, Path chartDir) throws InvalidManifestException {
        List<Path> folders = new ArrayList<>();
        Path subcharts = chartDir.resolve("charts");
        if (Files.isDirectory(subcharts)) {
            try (Stream<Path> list = Files.list(subcharts)) {
                list.map(p -> p.resolve("crds")).filter(Files::isDirectory).sorted().forEach(folders::add);
            } catch (IOException e) {
                throw new InvalidManifestException("cannot read " + subcharts + ": " + e.getMessage());
            }
        }
        if (Files.isDirectory(chartDir.resolve("crds"))) {
            folders.add(chartDir.resolve("crds"));
        }
        List<Manifest> manifests = new ArrayList<>();
        for (Path folder : folders) {
            try (Stream<Path> walk = Files.walk(folder)) {
                for (Path file : walk.filter(Files::isRegularFile).filter(ManifestSplitter::isManifestFile).sorted().toList()) {
                    String template = chartDir.relativize(file).toString();
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    manifests.addAll(split(service, "# Source: chart/" + template + "\n" + text.replaceAll("(?m)^---[ \\t]*$", "---\n# Source: chart/" + template)));
                }
            } catch (IOException e) {
                throw new InvalidManifestException("cannot read " + folder + ": " + e.getMessage());
            }
        }
        return manifests;
    }

    private static boolean isManifestFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    static List<Manifest> split(String service, String output) throws InvalidManifestException {
        List<Manifest> manifests = new ArrayList<>();
        // the staged chart named its hook annotations privately, so that Helm kept hooks in its output
        for (String chunk : HookAnnotations.restore(output).split("(?m)^---[ \\t]*$")) {
            String template = "";
            StringBuilder body = new StringBuilder();
            for (String line : chunk.split("\n", -1)) {
                if (template.isEmpty() && line.startsWith(SOURCE)) {
                    String source = line.substring(SOURCE.length()).strip();
                    int slash = source.indexOf('/');
                    template = slash >= 0 ? source.substring(slash + 1) : source;
                } else {
                    body.append(line).append('\n');
                }
            }
            String yaml = body.toString().strip();
            Object parsed;
            try {
                parsed = new Yaml(LOADER).load(yaml);
            } catch (YAMLException e) {
                throw new InvalidManifestException(template + " does not render valid YAML: " + e.getMessage());
            }
            if (parsed == null) {
                continue;
            }
            if (!(parsed instanceof Map<?, ?> map)) {
                throw new InvalidManifestException(template + " renders a document that is not a Kubernetes object.");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) map;
            manifests.add(new Manifest(service, template, keyOf(template, object), yaml + "\n", object));
        }
        // crds/ first, as Helm installs them before anything that may use them; otherwise Helm's order
        List<Manifest> ordered = new ArrayList<>(manifests.stream().filter(Manifest::isCrd).toList());
        manifests.stream().filter(m -> !m.isCrd()).forEach(ordered::add);
        return ordered;
    }

    private static ResourceKey keyOf(String template, Map<String, Object> object) throws InvalidManifestException {
        Object apiVersion = object.get("apiVersion");
        Object kind = object.get("kind");
        Object name = object.get("metadata") instanceof Map<?, ?> md ? md.get("name") : null;
        Object namespace = object.get("metadata") instanceof Map<?, ?> md ? md.get("namespace") : null;
        if (!(apiVersion instanceof String) || !(kind instanceof String) || name == null) {
            throw new InvalidManifestException(template + " renders an object without apiVersion, kind or metadata.name.");
        }
        return ResourceKey.of((String) apiVersion, (String) kind, namespace == null ? null : String.valueOf(namespace), String.valueOf(name));
    }

    /** Helm accepted the template, but its output is not a list of Kubernetes objects. */
    static final class InvalidManifestException extends Exception {
        InvalidManifestException(String message) {
            super(message);
        }
    }
}
