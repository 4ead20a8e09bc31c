package io.digitctl.render;

import io.digitctl.files.FileTrees;
import io.digitctl.model.DigitctlException;
import io.digitctl.plan.ServiceDeploy;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A private folder for one render run, removed when the run ends. It holds the per-service value
 * overrides (name and tags; never secrets) as values files: helm-java's {@code set} parses values
 * like {@code --set}, which would turn a tag such as {@code 1} into a number, while a YAML string
 * stays a string. It also holds copies of values files that set hook annotations (see
 * {@link #withHooksHidden}).
 */
public final class RenderWorkspace implements AutoCloseable {
    private final Path dir;
    private final Map<Path, Path> hidden = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger copies = new java.util.concurrent.atomic.AtomicInteger();
    private final RenderInputs inputs = new RenderInputs();

    public RenderWorkspace() {
        try {
            dir = Files.createTempDirectory("digitctl-render-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            throw new DigitctlException("digitctl needs a POSIX file system for its temporary folder.");
        } catch (IOException e) {
            throw new DigitctlException("Cannot create a temporary folder: " + e.getMessage() + ". Set java.io.tmpdir (DIGITCTL_JAVA_OPTS) to a writable folder.");
        }
    }

    /**
     * The values file as Helm must see it: a file that sets hook annotations (an env file giving a
     * chart's job annotations, say) gets a copy with the keys renamed as in the staged chart, so
     * that those hooks are rendered too; any other file is used where it is. Not for secrets files.
     */
    Path withHooksHidden(Path valuesFile) {
        return hidden.computeIfAbsent(valuesFile, file -> {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return file; // Helm reports the unreadable file itself
            }
            String renamed = HookAnnotations.hide(text);
            if (renamed.equals(text)) {
                return file;
            }
            Path copy = dir.resolve("values-" + copies.incrementAndGet() + "-" + file.getFileName());
            try {
                Files.writeString(copy, renamed, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new DigitctlException("Cannot write " + copy + ": " + e.getMessage());
            }
            return copy;
        });
    }

    /** The render inputs of this run: each file is read once per run, and a later run sees changed files. */
    RenderInputs inputs() {
        return inputs;
    }

    /** Writes the overrides of one service: name, and the image and migration image tags where the chart takes them. */
    Path overrides(ServiceDeploy deploy, ChartRenderer.ChartShape shape) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", deploy.service());
        if (shape.takesImageTag() && deploy.appTag() != null) {
            values.put("image", Map.of("tag", deploy.appTag()));
        }
        if (shape.takesMigrationTag() && deploy.migrationTag() != null) {
            values.put("initContainers", Map.of("dbMigration", Map.of("image", Map.of("tag", deploy.migrationTag()))));
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path file = dir.resolve(deploy.service() + ".overrides.yaml");
        try {
            Files.writeString(file, new Yaml(options).dump(values), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DigitctlException("Cannot write " + file + ": " + e.getMessage());
        }
        return file;
    }

    @Override
    public void close() {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            // the folder is in the system's temporary space and holds no secret
        }
    }
}
