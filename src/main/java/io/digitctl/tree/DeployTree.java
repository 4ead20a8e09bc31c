package io.digitctl.tree;

import io.digitctl.model.DigitctlException;

import io.digitctl.files.FileTrees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A deploy-as-code {@code helm/} folder: {@code charts/}, {@code environments/} and
 * {@code product-release-charts/}. Read only: nothing here writes into the user's tree.
 */
public final class DeployTree {
    private static final Pattern ENV_FILE = Pattern.compile("(.+)\\.ya?ml");
    private static final String SECRETS_SUFFIX = "-secrets";

    private final Path root;
    private volatile ChartIndex charts;

    public DeployTree(Path root) {
        this.root = root.toAbsolutePath().normalize();
        if (Files.exists(this.root) && !Files.isDirectory(this.root)) {
            throw new DigitctlException("The helm folder " + this.root + " is a file, not a folder. Give the deploy-as-code 'helm' folder with --helm-dir.");
        }
        if (!Files.isDirectory(this.root)) {
            throw new DigitctlException("The helm folder " + this.root + " does not exist. Give the deploy-as-code 'helm' folder with --helm-dir.");
        }
    }

    public Path root() {
        return root;
    }

    public Path chartsDir() {
        return root.resolve("charts");
    }

    public Path environmentsDir() {
        return root.resolve("environments");
    }

    public Path releasesDir() {
        return root.resolve("product-release-charts");
    }

    /** The chart index, scanned once per tree. */
    public ChartIndex charts() {
        ChartIndex index = charts;
        if (index == null) {
            synchronized (this) {
                if (charts == null) {
                    charts = scanCharts(chartsDir());
                }
                index = charts;
            }
        }
        return index;
    }

    /** The index; a folder it cannot read (no permission) is an error naming that folder, not a crash. */
    private static ChartIndex scanCharts(Path dir) {
        try {
            return ChartIndex.scan(dir);
        } catch (java.io.UncheckedIOException e) {
            throw new DigitctlException("Cannot read the charts under " + dir + ": " + FileTrees.describe(e.getCause()) + ".");
        }
    }

    public ReleaseCharts releases() {
        return new ReleaseCharts(releasesDir());
    }

    /** An environment is a file name in environments/, never a path: "../x" or "a/b" would read files outside it. */
    private static void requirePlainName(String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")
                || name.startsWith(".") || name.chars().anyMatch(Character::isISOControl)) {
            throw new DigitctlException("'" + name + "' is not an environment name: give the name of a file in environments/ without"
                    + " its extension or any folder (e.g. -e dev for environments/dev.yaml).");
        }
    }

    /** Names of the environments, from {@code environments/<env>.yaml} files that are not secrets files. */
    public List<String> environmentNames() {
        return envFiles().stream()
                .map(p -> stripExtension(p.getFileName().toString()))
                .filter(n -> !n.endsWith(SECRETS_SUFFIX))
                .sorted()
                .toList();
    }

    /** Every YAML file in {@code environments/}, secrets files included. */
    public List<Path> envFiles() {
        Path dir = environmentsDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> ENV_FILE.matcher(p.getFileName().toString()).matches())
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DigitctlException("Cannot read " + dir + ": " + io.digitctl.files.FileTrees.reason(e));
        }
    }

    public Environment environment(String name) {
        requirePlainName(name);
        Path file = existing(environmentsDir().resolve(name + ".yaml"), environmentsDir().resolve(name + ".yml"));
        if (file == null) {
            List<String> names = environmentNames();
            throw new DigitctlException("No environment '" + name + "': " + environmentsDir().resolve(name + ".yaml")
                    + " does not exist. Environments found: " + (names.isEmpty() ? "none" : String.join(", ", names)) + ".");
        }
        Path secrets = existing(environmentsDir().resolve(name + SECRETS_SUFFIX + ".yaml"),
                environmentsDir().resolve(name + SECRETS_SUFFIX + ".yml"));
        YamlDocument doc = YamlDocument.read(file);
        if (doc.mapping().isEmpty()) {
            throw new TreeFileException(file, 0, "the env file is empty (or only comments); the charts need at least its global: section"
                    + " (namespace, domain, ...). Restore its content.");
        }
        return new Environment(name, file, doc, secrets);
    }

    private static Path existing(Path... candidates) {
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static String stripExtension(String fileName) {
        return fileName.replaceFirst("\\.ya?ml$", "");
    }
}
