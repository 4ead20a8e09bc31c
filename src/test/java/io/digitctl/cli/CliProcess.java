package io.digitctl.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real CLI in its own JVM (as a user would), for what only a process shows: signals, stdout on /dev/full. */
public final class CliProcess {
    private CliProcess() {
    }

    /** A started {@code java ... io.digitctl.cli.Main args}; stdout goes to {@code stdout}, stderr to {@code stderr}. */
    public static Process start(Map<String, String> env, Path stdout, Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Ddigitctl.cache.dir=" + System.getProperty("digitctl.cache.dir", System.getProperty("java.io.tmpdir") + File.separator + "digitctl-test-cache"),
                "io.digitctl.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Runs to the end (at most two minutes) and returns exit code, stdout and stderr. */
    public static CliRun run(Map<String, String> env, Path work, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process p = start(env, out, err, args);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("digitctl " + String.join(" ", args) + " did not finish");
        }
        return new CliRun(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Like {@link #run}, with stdout going to a given file (e.g. /dev/full). */
    public static CliRun runTo(Path stdout, Map<String, String> env, Path work, String... args) throws IOException, InterruptedException {
        Path err = Files.createTempFile(work, "err", ".txt");
        Process p = start(env, stdout, err, args);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("digitctl " + String.join(" ", args) + " did not finish");
        }
        return new CliRun(p.exitValue(), "", Files.readString(err));
    }
}
