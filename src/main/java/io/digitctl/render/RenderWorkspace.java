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
 * stays a string.
 */
public final class RenderWorkspace implements AutoCloseable {
    private final Path dir;

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
