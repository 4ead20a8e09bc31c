package io.digitctl.action;

import io.digitctl.build.AppVersion;
import io.digitctl.build.BakedImage;
import io.digitctl.build.BuildConfig;
import io.digitctl.build.BuildJob;
import io.digitctl.build.BuildRecord;
import io.digitctl.build.BuildSpec;
import io.digitctl.build.BuildahBaker;
import io.digitctl.build.GateRunner;
import io.digitctl.build.GitRepo;
import io.digitctl.build.ImageBaker;
import io.digitctl.build.JibBaker;
import io.digitctl.build.RegistryTarget;
import io.digitctl.build.Sbom;
import io.digitctl.build.TagPolicy;
import io.digitctl.event.ProgressListener;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One job of build-config.yml: version, folder commit and tag from git; the gates; then each image
 * baked and pushed (the migration image too, with the same tag); and a record of it all. A failing
 * gate stops the build before anything is pushed, and the record says which gate and where its log is.
 */
public final class BuildAction {

    /**
     * @param buildNumber from --build-number, else BUILD_NUMBER (Jenkins)
     * @param logDir      where gate and builder logs go
     */
    public record Request(Path config, Path repo, String job, RegistryTarget registry, String buildNumber, String branch,
                          TagPolicy tags, Path logDir, Path record, Map<String, String> environment) {
    }

    private final ProgressListener progress;

    public BuildAction(ProgressListener progress) {
        this.progress = progress;
    }

    public BuildRecord run(Request request) {
        long start = System.nanoTime();
        BuildJob job = BuildConfig.read(request.config(), request.repo()).require(request.job());
        BuildSpec app = job.application();
        Path workDir = app.workDirIn(request.repo());
        String version = AppVersion.of(workDir);
        String commit;
        String branch;
        try (GitRepo git = GitRepo.find(workDir)) {
            commit = git.folderCommit(workDir);
            branch = TagPolicy.branch(request.branch(), request.environment(), git);
        }
        String build = request.buildNumber() != null ? request.buildNumber() : request.environment().getOrDefault("BUILD_NUMBER", "0");
        String tag = request.tags().tag(version, commit, build, branch);
        progress.info("Building " + job.name() + ": version " + version + ", commit " + commit + ", branch " + branch + ", tag " + tag);

        long gatesStart = System.nanoTime();
        List<GateRunner.GateResult> gates = GateRunner.run(job, workDir, request.logDir());
        long gatesMillis = (System.nanoTime() - gatesStart) / 1_000_000;
        for (GateRunner.GateResult g : gates) {
            progress.info("  gate " + g.name() + ": " + (g.passed() ? "passed" : "FAILED with exit code " + g.exitCode()) + " (" + g.millis() + " ms, log " + g.log() + ")");
        }
        GateRunner.GateResult failed = gates.stream().filter(g -> !g.passed()).findFirst().orElse(null);
        if (failed != null) {
            return finish(request, new BuildRecord(job.name(), version, commit, branch, build, tag, List.of(), gates, "gate-failed",
                    failed.name(), "gate '" + failed.name() + "' failed with exit code " + failed.exitCode() + "; nothing was pushed. Its log: "
                    + failed.log(), gatesMillis, 0, millis(start), null));
        }

        long bakeStart = System.nanoTime();
        ImageBaker baker = job.builder() == BuildJob.Builder.JIB ? new JibBaker() : new BuildahBaker(request.logDir());
        List<BakedImage> images = new ArrayList<>();
        for (BuildSpec spec : job.builds()) {
            BakedImage image = baker.bake(job, spec, request.repo(), request.registry(), tag);
            progress.info("  pushed " + image.reference() + " (" + image.digest() + ")");
            images.add(image);
        }
        String sbom = null;
        if (job.builder() == BuildJob.Builder.JIB && Sbom.isMavenProject(workDir)) {
            Path sbomFile = request.logDir().resolve(app.imageName() + "-" + tag + ".cdx.json");
            Sbom.write(JibBaker.jarOf(job, app, request.repo()), request.registry().repository(app.imageName()), tag, sbomFile);
            sbom = sbomFile.toString();
        }
        return finish(request, new BuildRecord(job.name(), version, commit, branch, build, tag, List.copyOf(images), gates, "pushed",
                null, "pushed " + images.size() + " image(s)", gatesMillis, (System.nanoTime() - bakeStart) / 1_000_000, millis(start), sbom));
    }

    private static BuildRecord finish(Request request, BuildRecord record) {
        if (request.record() != null) {
            record.write(request.record());
        }
        return record;
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
