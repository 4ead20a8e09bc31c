package io.digitctl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Where the test trees are, and small trees written by tests. */
public final class TestTrees {
    private TestTrees() {
    }

    /** The project's own example tree. */
    public static Path examples() {
        return Path.of(System.getProperty("digitctl.examples.dir", "examples")).resolve("helm").toAbsolutePath().normalize();
    }

    /** The real DIGIT-DevOps tree in ../shared; skips the test with a clear message when it is absent. */
    public static Path digitDevops() {
        return sharedFixture("fixtures/digit-devops/helm", "the DIGIT-DevOps fixture tree");
    }

    /** The real sops test vectors in ../shared; skips the test with a clear message when they are absent. */
    public static Path sopsFixtures() {
        return sharedFixture("fixtures/sops", "the sops fixtures");
    }

    private static Path sharedFixture(String relative, String what) {
        Path shared = Path.of(System.getProperty("digitctl.shared.dir", "../shared")).toAbsolutePath().normalize();
        Path fixture = shared.resolve(relative);
        assumeTrue(Files.isDirectory(fixture), "Skipped: " + what + " not found at " + fixture
                + " (../shared is absent in this checkout; CI always has it).");
        return fixture;
    }

    /** Writes a file (creating folders) and returns its path. */
    public static Path write(Path root, String relative, String content) {
        Path file = root.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Copies a folder tree. */
    public static void copy(Path from, Path to) {
        try {
            io.digitctl.files.FileTrees.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file of a tree with its size and modification time, to prove that nothing was written. */
    public static Map<String, String> snapshot(Path root) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                files.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                        : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
