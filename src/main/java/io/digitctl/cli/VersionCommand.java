package io.digitctl.cli;

import io.digitctl.build.AppVersion;
import io.digitctl.build.GitRepo;
import io.digitctl.build.SemVer;
import io.digitctl.build.VersionAdvisor;
import io.digitctl.model.DigitctlException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Semantic versions of a service folder, chosen from the Conventional Commits that touched it.",
        subcommands = {VersionCommand.Next.class, VersionCommand.Tag.class},
        footer = {"", "Examples:",
                "  digitctl version next --work-dir core-services/egov-user --image-name egov-user",
                "  digitctl version next --work-dir core-services/egov-user --image-name egov-user --write",
                "  digitctl version tag --work-dir core-services/egov-user --image-name egov-user"})
final class VersionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a sub-command: next or tag.");
    }

    static final class Folder {
        @Option(names = "--work-dir", required = true, paramLabel = "DIR", description = "The service's folder.")
        Path workDir;

        @Option(names = "--image-name", paramLabel = "NAME", description = "Its image name: version tags are <image-name>-v1.2.3 (default: the folder's name).")
        String imageName;

        String image() {
            return imageName != null ? imageName : workDir.toAbsolutePath().normalize().getFileName().toString();
        }
    }

    @Command(name = "next", mixinStandardHelpOptions = true,
            description = {"Prints the next version of a folder: its last version tag (<image-name>-v1.2.3 or v1.2.3) bumped by the",
                    "Conventional Commits that touched the folder since (breaking change: major; feat: minor; fix, perf: patch;",
                    "nothing releasable: unchanged). --write puts it in the folder's pom.xml, package.json or VERSION."},
            footer = {"", "Examples:", "  digitctl version next --work-dir core-services/egov-user --image-name egov-user",
                    "  digitctl version next --work-dir core-services/egov-user --write"})
    static final class Next implements Runnable {
        @CommandLine.Mixin
        Folder folder;

        @Option(names = "--write", description = "Write the new version into the folder's version file.")
        boolean write;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            try (GitRepo git = GitRepo.find(folder.workDir)) {
                VersionAdvisor.Advice advice = VersionAdvisor.advise(git, folder.workDir, folder.image());
                PrintWriter err = spec.commandLine().getErr();
                err.println((advice.lastTag() == null ? "No version tag yet; starting from " + advice.current()
                        : "Last version tag: " + advice.lastTag()) + "; release: " + advice.bump().name().toLowerCase()
                        + (advice.releasing().isEmpty() ? "" : " (" + String.join("; ", advice.releasing()) + ")"));
                if (write && !advice.next().equals(advice.current())) {
                    AppVersion.write(folder.workDir, advice.next().toString());
                    err.println("Wrote " + advice.next() + " to " + AppVersion.source(folder.workDir).name().toLowerCase().replace('_', '.') + " of " + folder.workDir + ".");
                }
                spec.commandLine().getOut().println(advice.next());
            }
        }
    }

    @Command(name = "tag", mixinStandardHelpOptions = true,
            description = "Tags HEAD with the folder's version as <image-name>-v<version> (annotated), so that the next 'version next' starts from it.",
            footer = {"", "Example:", "  digitctl version tag --work-dir core-services/egov-user --image-name egov-user"})
    static final class Tag implements Runnable {
        @CommandLine.Mixin
        Folder folder;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            String raw = AppVersion.of(folder.workDir);
            SemVer version = SemVer.parse(raw).orElseThrow(() -> new DigitctlException("The version of " + folder.workDir + " is '" + raw
                    + "', not major.minor.patch; run 'digitctl version next --write' first."));
            String name = VersionAdvisor.tagName(folder.image(), version);
            try (GitRepo git = GitRepo.find(folder.workDir)) {
                git.tag(name, folder.image() + " " + version);
            }
            spec.commandLine().getOut().println(name);
        }
    }
}
