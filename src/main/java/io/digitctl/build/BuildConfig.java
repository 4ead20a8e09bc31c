package io.digitctl.build;

import io.digitctl.model.DigitctlException;
import io.digitctl.tree.TreeFileException;
import io.digitctl.tree.YamlDocument;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * DIGIT's {@code build/build-config.yml}: {@code config:} is a list of jobs, each with a {@code name}
 * and a {@code build} list of {@code work-dir}, {@code dockerfile} and {@code image-name}. Validated as
 * the reference does, plus the checks that save a failed CI run: the work-dir and Dockerfile exist.
 */
public record BuildConfig(Path file, Path repo, List<BuildJob> jobs) {

    public static BuildConfig read(Path file, Path repo) {
        if (!Files.isRegularFile(file)) {
            throw new DigitctlException("No build config at " + file + ". Give it with --config (DIGIT keeps it in build/build-config.yml).");
        }
        YamlDocument doc = YamlDocument.read(file);
        if (!(doc.mapping().get("config") instanceof List<?> list)) {
            throw new TreeFileException(file, Math.max(1, doc.lineOf("config")), "expected 'config:' with a list of jobs.");
        }
        List<BuildJob> jobs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            jobs.add(job(file, repo, doc, i, list.get(i)));
        }
        return new BuildConfig(file, repo, List.copyOf(jobs));
    }

    public Optional<BuildJob> job(String name) {
        return jobs.stream().filter(j -> j.name().equals(name) || j.name().endsWith("/" + name)).findFirst();
    }

    public BuildJob require(String name) {
        return job(name).orElseThrow(() -> new DigitctlException("No job '" + name + "' in " + file + ". Jobs: "
                + String.join(", ", jobs.stream().map(BuildJob::name).toList()) + "."));
    }

    private static BuildJob job(Path file, Path repo, YamlDocument doc, int index, Object value) {
        int line = doc.lineOf("config", index);
        if (!(value instanceof Map<?, ?> job) || !(job.get("name") instanceof String name) || name.isBlank()) {
            throw new TreeFileException(file, line, "job #" + (index + 1) + " has no name.");
        }
        if (!(job.get("build") instanceof List<?> builds) || builds.isEmpty()) {
            throw new TreeFileException(file, line, "job " + name + " has no 'build' list of work-dir and image-name.");
        }
        List<BuildSpec> specs = new ArrayList<>();
        for (int j = 0; j < builds.size(); j++) {
            int at = doc.lineOf("config", index, "build", j);
            if (!(builds.get(j) instanceof Map<?, ?> b)) {
                throw new TreeFileException(file, at, "job " + name + ": build #" + (j + 1) + " must be a mapping with work-dir and image-name.");
            }
            String workDir = text(b.get("work-dir"));
            String image = text(b.get("image-name"));
            if (workDir == null) {
                throw new TreeFileException(file, at, "job " + name + ": build #" + (j + 1) + " has no work-dir.");
            }
            if (image == null) {
                throw new TreeFileException(file, at, "job " + name + ": build #" + (j + 1) + " has no image-name.");
            }
            String dockerfile = text(b.get("dockerfile")) != null ? text(b.get("dockerfile")) : workDir + "/Dockerfile";
            if (!Files.isDirectory(repo.resolve(workDir))) {
                throw new TreeFileException(file, at, "job " + name + ": work-dir " + workDir + " does not exist under " + repo + ".");
            }
            specs.add(new BuildSpec(workDir, dockerfile, image));
        }
        BuildJob.Builder builder = builder(file, line, name, job.get("builder"));
        if (builder == BuildJob.Builder.DOCKERFILE) {
            for (BuildSpec s : specs) {
                if (!Files.isRegularFile(repo.resolve(s.dockerfile()))) {
                    throw new TreeFileException(file, line, "job " + name + ": Dockerfile " + s.dockerfile() + " does not exist.");
                }
            }
        }
        return new BuildJob(name, List.copyOf(specs), gates(file, line, name, job.get("gates")), builder, text(job.get("jar")),
                Optional.ofNullable(text(job.get("base-image"))).orElse(BuildJob.DEFAULT_BASE_IMAGE),
                Optional.ofNullable(text(job.get("migration-base-image"))).orElse(BuildJob.DEFAULT_MIGRATION_BASE_IMAGE), line);
    }

    private static BuildJob.Builder builder(Path file, int line, String job, Object value) {
        if (value == null) {
            return BuildJob.Builder.DOCKERFILE;
        }
        try {
            return BuildJob.Builder.valueOf(String.valueOf(value).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TreeFileException(file, line, "job " + job + ": builder '" + value + "' is neither jib nor dockerfile.");
        }
    }

    private static List<BuildJob.Gate> gates(Path file, int line, String job, Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new TreeFileException(file, line, "job " + job + ": 'gates' must be a list of {name, command}.");
        }
        List<BuildJob.Gate> gates = new ArrayList<>();
        for (Object g : list) {
            if (!(g instanceof Map<?, ?> m) || text(m.get("name")) == null || text(m.get("command")) == null) {
                throw new TreeFileException(file, line, "job " + job + ": each gate needs a name and a command.");
            }
            gates.add(new BuildJob.Gate(text(m.get("name")), text(m.get("command"))));
        }
        return List.copyOf(gates);
    }

    private static String text(Object value) {
        return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value).strip();
    }
}
