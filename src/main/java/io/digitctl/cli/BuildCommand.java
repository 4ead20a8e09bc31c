package io.digitctl.cli;

import io.digitctl.action.BuildAction;
import io.digitctl.build.BuildRecord;
import io.digitctl.build.RegistryTarget;
import io.digitctl.build.TagPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Builds one job of DIGIT's build/build-config.yml: gates, images, push, record.",
                "Runs its gates, bakes its images without a Docker daemon",
                "(builder: jib, or buildah for a Dockerfile) tagged v<version>-<folder-commit>-<build> (on other branches",
                "<branch>-<folder-commit>-<build>), pushes them, and records it all (--record). A failing gate stops the",
                "build before anything is pushed."},
        footer = {"", "Examples:",
                "  digitctl build builds/core-services/egov-user --build-number 19 --record build.json",
                "  digitctl build egov-user --registry 127.0.0.1:5000/egovio --insecure-registry",
                "", "Credentials: ~/.docker/config.json, or DIGITCTL_REGISTRY_USER and DIGITCTL_REGISTRY_PASSWORD."})
final class BuildCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOB", description = "The job's name (builds/core-services/egov-user) or its last part (egov-user).")
    String job;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "build/build-config.yml", description = "The build config (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".", description = "The repository root that work-dirs are relative to (default: ${DEFAULT-VALUE}).")
    Path repo;

    @Option(names = "--registry", paramLabel = "REGISTRY", defaultValue = RegistryTarget.DEFAULT, description = "Where images go (default: ${DEFAULT-VALUE}).")
    String registry;

    @Option(names = "--insecure-registry", description = "Allow a registry over plain HTTP or with an unverified certificate (local registries).")
    boolean insecure;

    @Option(names = "--build-number", paramLabel = "N", description = "The build number (default: BUILD_NUMBER, as Jenkins sets it, else 0).")
    String buildNumber;

    @Option(names = "--branch", paramLabel = "NAME", description = "The branch (default: BRANCH_NAME, GIT_BRANCH, else the checked-out branch).")
    String branch;

    @Option(names = "--main-branches", split = ",", paramLabel = "NAMES", defaultValue = "master,main", description = "Branches whose builds get version tags (default: ${DEFAULT-VALUE}).")
    List<String> mainBranches;

    @Option(names = "--record", paramLabel = "FILE", description = "Write the build record (JSON) here.")
    Path record;

    @Option(names = "--log-dir", paramLabel = "DIR", defaultValue = "build-logs", description = "Where gate and builder logs and the SBOM go (default: ${DEFAULT-VALUE}).")
    Path logDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path root = repo.toAbsolutePath().normalize();
        BuildRecord result = new BuildAction(new CliProgress(spec.commandLine().getErr(), false)).run(new BuildAction.Request(
                root.resolve(config), root, job, RegistryTarget.of(registry, insecure, System.getenv()), buildNumber, branch,
                new TagPolicy(mainBranches), root.resolve(logDir), record, System.getenv()));
        spec.commandLine().getOut().println(result.result().equals("pushed")
                ? "Built " + result.job() + ": " + String.join(", ", result.images().stream().map(i -> i.reference() + "@" + i.digest()).toList())
                : "FAILED " + result.job() + ": " + result.message());
        return result.result().equals("pushed") ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
