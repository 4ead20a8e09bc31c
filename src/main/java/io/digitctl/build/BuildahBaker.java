package io.digitctl.build;

import io.digitctl.model.DigitctlException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds a job's Dockerfile with buildah (vfs storage, chroot isolation: no daemon and no root
 * privileges beyond what buildah needs) and pushes it; the build log goes to a file.
 */
public final class BuildahBaker implements ImageBaker {
    private final Path logDir;

    public BuildahBaker(Path logDir) {
        this.logDir = logDir;
    }

    public static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "buildah"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public BakedImage bake(BuildJob job, BuildSpec spec, Path repo, RegistryTarget target, String tag) {
        if (!installed()) {
            throw new DigitctlException("Job " + job.name() + " builds its Dockerfile with buildah, which is not installed. "
                    + "Install it (apt-get install buildah), or set 'builder: jib' on the job.");
        }
        String reference = target.reference(spec.imageName(), tag);
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(spec.imageName() + "-buildah.log");
            Path digestFile = Files.createTempFile(logDir, spec.imageName(), ".digest");
            run(List.of("buildah", "--storage-driver", "vfs", "bud", "--isolation", "chroot", "--layers=false",
                    "-f", repo.resolve(spec.dockerfile()).toString(), "-t", reference, spec.workDirIn(repo).toString()), "build", log, job, reference);
            List<String> push = new ArrayList<>(List.of("buildah", "--storage-driver", "vfs", "push", "--digestfile", digestFile.toString()));
            if (target.insecure()) {
                push.add("--tls-verify=false");
            }
            if (target.user() != null) {
                push.add("--creds");
                push.add(target.user() + ":" + (target.password() == null ? "" : target.password()));
            }
            push.add(reference);
            push.add("docker://" + reference);
            run(push, "push", log, job, reference);
            String digest = Files.readString(digestFile).strip();
            Files.deleteIfExists(digestFile);
            return new BakedImage(spec.imageName(), reference, reference.substring(0, reference.lastIndexOf(':')), tag, digest);
        } catch (IOException e) {
            throw new DigitctlException("Building " + reference + " with buildah failed: " + e.getMessage());
        }
    }

    private static void run(List<String> command, String step, Path log, BuildJob job, String reference) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new DigitctlException("Job " + job.name() + ": buildah " + step + " of " + reference + " failed; see " + log + ".");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DigitctlException("Interrupted while building " + reference + ".");
        }
    }
}
