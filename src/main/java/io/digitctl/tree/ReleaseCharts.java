package io.digitctl.tree;

import io.digitctl.model.DigitctlException;
import io.digitctl.model.ImageRef;
import io.digitctl.model.ReleaseChart;
import io.digitctl.model.ReleaseModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The product release charts under {@code product-release-charts/<product>/}. Both spellings of the
 * file name are accepted: {@code dependancy_chart-<version>.yaml} (older files) and
 * {@code dependency_chart-<version>.yaml}.
 */
public final class ReleaseCharts {
    private static final Pattern FILE_NAME = Pattern.compile("depend[ae]ncy_chart-(.+)\\.ya?ml");

    private final Path root;

    public ReleaseCharts(Path root) {
        this.root = root;
    }

    /** Every release chart file, sorted by product, then by version (natural order of numbers). */
    public List<ReleaseChartFile> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<ReleaseChartFile> found = new ArrayList<>();
        try (Stream<Path> products = Files.list(root)) {
            for (Path productDir : products.filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.list(productDir)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Matcher m = FILE_NAME.matcher(file.getFileName().toString());
                        if (m.matches()) {
                            found.add(new ReleaseChartFile(productDir.getFileName().toString(), m.group(1), file));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new DigitctlException("Cannot read " + root + ": " + io.digitctl.files.FileTrees.reason(e));
        }
        found.sort(Comparator.comparing(ReleaseChartFile::product).thenComparing(ReleaseChartFile::version, NaturalOrder.INSTANCE));
        return found;
    }

    public ReleaseChartFile find(String product, String version) {
        List<ReleaseChartFile> all = list();
        List<ReleaseChartFile> ofProduct = all.stream().filter(f -> f.product().equals(product)).toList();
        if (ofProduct.isEmpty()) {
            Set<String> products = new java.util.TreeSet<>();
            all.forEach(f -> products.add(f.product()));
            throw new DigitctlException("No product '" + product + "' under " + root + ". Products found: "
                    + (products.isEmpty() ? "none" : String.join(", ", products)) + ".");
        }
        return ofProduct.stream().filter(f -> f.version().equals(version)).findFirst()
                .orElseThrow(() -> new DigitctlException("Product " + product + " has no release '" + version + "' under "
                        + root.resolve(product) + ". Versions found: "
                        + String.join(", ", ofProduct.stream().map(ReleaseChartFile::version).toList())
                        + ". Run 'digitctl release list' to see them all."));
    }

    public ReleaseChart load(String product, String version) {
        return parse(find(product, version));
    }

    /** Parses a release chart file; structural errors name the file and line. */
    public static ReleaseChart parse(ReleaseChartFile ref) {
        YamlDocument doc = YamlDocument.read(ref.file());
        Map<String, Object> top = doc.mapping();
        Object modulesValue = top.get("modules");
        if (!(modulesValue instanceof List<?> moduleList)) {
            throw new TreeFileException(ref.file(), Math.max(1, doc.lineOf("modules")),
                    "a release chart needs a 'modules:' list, found " + YamlDocument.describe(modulesValue) + ".");
        }
        List<ReleaseModule> modules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < moduleList.size(); i++) {
            Object item = moduleList.get(i);
            int line = doc.lineOf("modules", i);
            if (!(item instanceof Map<?, ?> module)) {
                throw new TreeFileException(ref.file(), line, "module #" + (i + 1)
                        + " must be a mapping with name, services and dependencies, found " + YamlDocument.describe(item) + ".");
            }
            Object name = module.get("name");
            if (!(name instanceof String moduleName) || moduleName.isBlank()) {
                throw new TreeFileException(ref.file(), line, "module #" + (i + 1) + " has no name.");
            }
            if (!names.add(moduleName)) {
                throw new TreeFileException(ref.file(), line, "module '" + moduleName + "' is defined twice.");
            }
            modules.add(new ReleaseModule(moduleName,
                    images(ref, doc, i, moduleName, module.get("services")),
                    strings(ref, doc, i, moduleName, "dependencies", module.get("dependencies")),
                    line));
        }
        return new ReleaseChart(ref.product(), ref.version(), ref.file(), List.copyOf(modules));
    }

    private static List<ReleaseModule.PinnedImage> images(ReleaseChartFile ref, YamlDocument doc, int moduleIndex,
                                                          String module, Object value) {
        List<String> texts = strings(ref, doc, moduleIndex, module, "services", value);
        List<ReleaseModule.PinnedImage> images = new ArrayList<>();
        for (int j = 0; j < texts.size(); j++) {
            int line = doc.lineOf("modules", moduleIndex, "services", j);
            try {
                images.add(new ReleaseModule.PinnedImage(ImageRef.parse(texts.get(j)), line));
            } catch (DigitctlException e) {
                throw new TreeFileException(ref.file(), line, "module '" + module + "': " + e.getMessage());
            }
        }
        return List.copyOf(images);
    }

    private static List<String> strings(ReleaseChartFile ref, YamlDocument doc, int moduleIndex, String module,
                                        String field, Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new TreeFileException(ref.file(), doc.lineOf("modules", moduleIndex, field), "module '" + module
                    + "': '" + field + "' must be a list, found " + YamlDocument.describe(value) + ".");
        }
        List<String> out = new ArrayList<>();
        for (int j = 0; j < list.size(); j++) {
            Object item = list.get(j);
            if (!(item instanceof String s) || s.isBlank()) {
                throw new TreeFileException(ref.file(), doc.lineOf("modules", moduleIndex, field, j), "module '" + module
                        + "': each entry of '" + field + "' must be a name, found " + YamlDocument.describe(item) + ".");
            }
            out.add(s.strip());
        }
        return out;
    }
}
