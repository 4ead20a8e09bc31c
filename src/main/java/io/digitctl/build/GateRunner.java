package io.digitctl.build;

import io.digitctl.model.DigitctlException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a job's gates in order in its work-dir, each with its own log; stops at the first that fails. */
public final class GateRunner {

    /** One gate's outcome; {@code log} is where its output was kept. */
    public record GateResult(String name, boolean passed, int exitCode, long millis, String log) {
    }

    private GateRunner() {
    }

    public static List<GateResult> run(BuildJob job, Path workDir, Path logDir) {
        List<GateResult> results = new ArrayList<>();
        for (BuildJob.Gate gate : job.gates()) {
            Path log = logDir.resolve(slug(job.name()) + "." + slug(gate.name()) + ".log");
            long start = System.nanoTime();
            int exit;
            try {
                Files.createDirectories(logDir);
                Process p = new ProcessBuilder("sh", "-c", gate.command()).directory(workDir.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                exit = p.waitFor(2, TimeUnit.HOURS) ? p.exitValue() : -1;
                if (exit == -1) {
                    p.destroyForcibly();
                }
            } catch (IOException e) {
                throw new DigitctlException("Job " + job.name() + ": cannot run gate '" + gate.name() + "': " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DigitctlException("Interrupted during gate '" + gate.name() + "'.");
            }
            GateResult result = new GateResult(gate.name(), exit == 0, exit, (System.nanoTime() - start) / 1_000_000, log.toString());
            results.add(result);
            if (!result.passed()) {
                break;
            }
        }
        return results;
    }

    static String slug(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-|-$", "");
    }
}
