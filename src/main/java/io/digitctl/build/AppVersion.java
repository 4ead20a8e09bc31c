package io.digitctl.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitctl.model.DigitctlException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The application version of a work-dir, by the reference's rule: the project version of
 * {@code pom.xml} cut at the first {@code -}, else {@code package.json}'s version, else the content
 * of {@code VERSION}, else {@code NA}.
 */
public final class AppVersion {
    public static final String NONE = "NA";
    /** The project's own version: the first {@code <version>} outside {@code <parent>} and dependencies. */
    private static final Pattern PARENT = Pattern.compile("<parent>.*?</parent>", Pattern.DOTALL);
    private static final Pattern BLOCKS = Pattern.compile("<(dependencies|dependencyManagement|build|profiles|plugins|reporting)>.*?</\\1>", Pattern.DOTALL);
    private static final Pattern VERSION = Pattern.compile("<version>\\s*([^<\\s]+)\\s*</version>");

    private AppVersion() {
    }

    /** Which file holds the version, for --write. */
    public enum Source { POM, PACKAGE_JSON, VERSION_FILE, NONE }

    public static Source source(Path workDir) {
        if (Files.isRegularFile(workDir.resolve("pom.xml")) && pomVersion(workDir.resolve("pom.xml")) != null) return Source.POM;
        if (Files.isRegularFile(workDir.resolve("package.json")) && packageVersion(workDir.resolve("package.json")) != null) return Source.PACKAGE_JSON;
        if (Files.isRegularFile(workDir.resolve("VERSION"))) return Source.VERSION_FILE;
        return Source.NONE;
    }

    /** The full version as written (a Maven version keeps its -SNAPSHOT here). */
    public static String raw(Path workDir) {
        return switch (source(workDir)) {
            case POM -> pomVersion(workDir.resolve("pom.xml"));
            case PACKAGE_JSON -> packageVersion(workDir.resolve("package.json"));
            case VERSION_FILE -> read(workDir.resolve("VERSION")).strip();
            case NONE -> NONE;
        };
    }

    /** The version that goes into image tags. */
    public static String of(Path workDir) {
        String raw = raw(workDir);
        if (source(workDir) == Source.POM && raw.contains("-")) {
            return raw.substring(0, raw.indexOf('-'));
        }
        return raw.isBlank() ? NONE : raw;
    }

    static String pomVersion(Path pom) {
        String text = BLOCKS.matcher(PARENT.matcher(read(pom)).replaceAll("")).replaceAll("");
        Matcher m = VERSION.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static String packageVersion(Path packageJson) {
        try {
            JsonNode version = new ObjectMapper().readTree(packageJson.toFile()).get("version");
            return version == null || !version.isTextual() ? null : version.asText();
        } catch (IOException e) {
            throw new DigitctlException(packageJson + " is not valid JSON: " + e.getMessage());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new DigitctlException("Cannot read " + file + ": " + io.digitctl.files.FileTrees.reason(e));
        }
    }

    /** Writes a new version into the file the version came from, changing only that value. */
    public static void write(Path workDir, String version) {
        Path file;
        String text;
        String updated;
        switch (source(workDir)) {
            case POM -> {
                file = workDir.resolve("pom.xml");
                text = read(file);
                String old = pomVersion(file);
                String suffix = old.contains("-") ? old.substring(old.indexOf('-')) : "";
                Matcher parent = PARENT.matcher(text);
                int from = parent.find() && parent.start() < text.indexOf("<version>" ) ? parent.end() : 0;
                int at = text.indexOf("<version>" + old + "</version>", from);
                if (at < 0) {
                    throw new DigitctlException("Cannot find the project <version> to update in " + file + ".");
                }
                updated = text.substring(0, at) + "<version>" + version + suffix + "</version>" + text.substring(at + ("<version>" + old + "</version>").length());
            }
            case PACKAGE_JSON -> {
                file = workDir.resolve("package.json");
                text = read(file);
                updated = text.replaceFirst("(\"version\"\\s*:\\s*\")[^\"]*(\")", "$1" + Matcher.quoteReplacement(version) + "$2");
            }
            case VERSION_FILE -> {
                file = workDir.resolve("VERSION");
                text = read(file);
                updated = version + (text.endsWith("\n") ? "\n" : "");
            }
            default -> {
                file = workDir.resolve("VERSION");
                updated = version + "\n";
            }
        }
        try {
            Files.writeString(file, updated);
        } catch (IOException e) {
            throw new DigitctlException("Cannot write " + file + ": " + e.getMessage());
        }
    }
}
