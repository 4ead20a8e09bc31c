package io.digitctl.cli;

import io.digitctl.action.ReleaseActions;
import io.digitctl.action.ReleaseOverview;
import io.digitctl.model.ReleaseModule;
import io.digitctl.tree.ReleaseChartFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "release",
        mixinStandardHelpOptions = true,
        description = "Product release charts: which exist, and what one contains.",
        subcommands = {ReleaseCommand.ListCommand.class, ReleaseCommand.ShowCommand.class, ReleaseCommand.PinCommand.class},
        footer = {"", "Examples:",
                "  digitctl release list --helm-dir ../helm",
                "  digitctl release show --helm-dir ../helm -s DIGIT -v digit-core-v2.9",
                "  digitctl release pin --helm-dir ../helm -s DIGIT -v digit-core-v2.9 --from-build build.json"})
final class ReleaseCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a sub-command: list or show.");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the products and release versions found under product-release-charts/.",
            footer = {"", "Example:", "  digitctl release list --helm-dir examples/helm"})
    static final class ListCommand implements Runnable {
        @CommandLine.Mixin
        TreeOption tree;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            List<ReleaseChartFile> files = new ReleaseActions().list(tree.helmDir);
            PrintWriter out = spec.commandLine().getOut();
            if (files.isEmpty()) {
                out.println("No release charts under " + tree.helmDir.resolve("product-release-charts") + ".");
            }
            Map<String, List<String>> byProduct = new LinkedHashMap<>();
            files.forEach(f -> byProduct.computeIfAbsent(f.product(), p -> new java.util.ArrayList<>()).add(f.version()));
            byProduct.forEach((product, versions) -> out.println(product + ": " + String.join(", ", versions)));
            out.flush();
        }
    }

    @Command(name = "show",
            description = "Shows a release: modules in dependency levels, their dependencies, services with tags, and services without a chart.",
            footer = {"", "Example:", "  digitctl release show --helm-dir examples/helm -s Demo -v demo-v1.0"})
    static final class ShowCommand implements Runnable {
        @CommandLine.Mixin
        TreeOption tree;

        @CommandLine.Mixin
        ReleaseOptions release;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            ReleaseOverview overview = new ReleaseActions().show(tree.helmDir, release.product, release.version);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s %s (%s)%n", overview.release().product(), overview.release().version(), overview.release().file());
            out.printf("Default modules (m_*): %s%n", overview.defaultModules().isEmpty() ? "none" : String.join(", ", overview.defaultModules()));
            for (int i = 0; i < overview.levels().size(); i++) {
                out.printf("level %d%n", i + 1);
                for (ReleaseModule module : overview.levels().get(i)) {
                    out.printf("  module %s%s%n", module.name(),
                            module.dependencies().isEmpty() ? "" : " (needs " + String.join(", ", module.dependencies()) + ")");
                    for (ReleaseModule.PinnedImage pinned : module.images()) {
                        String service = pinned.image().serviceName();
                        String tag = pinned.image().tagOrDigest().orElse("(no tag: chart default)");
                        String kind = pinned.image().isMigrationImage() ? "  [migration image]" : "";
                        String missing = overview.servicesWithoutChart().contains(service) ? "  NO CHART" : "";
                        out.printf("    %-40s %s%s%s%n", service, tag, kind, missing);
                    }
                }
            }
            if (!overview.servicesWithoutChart().isEmpty()) {
                out.printf("Services without a chart: %s%n", String.join(", ", overview.servicesWithoutChart()));
            }
            out.flush();
        }
    }

    @Command(name = "pin",
            description = "Pins the images of a build record in a release chart: only that service's image lines change (the -db migration image too), formatting and comments stay.",
            footer = {"", "Example:", "  digitctl release pin --helm-dir ../helm -s DIGIT -v digit-core-v2.9 --from-build build.json"})
    static final class PinCommand implements Runnable {
        @CommandLine.Mixin
        TreeOption tree;

        @CommandLine.Mixin
        ReleaseOptions release;

        @Option(names = "--from-build", required = true, paramLabel = "FILE", description = "The build record (digitctl build --record).")
        java.nio.file.Path record;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            io.digitctl.tree.ReleaseChartFile file = new io.digitctl.tree.DeployTree(tree.helmDir).releases().find(release.product, release.version);
            List<io.digitctl.build.ReleasePin.Change> changes = io.digitctl.build.ReleasePin.pin(file, io.digitctl.build.BuildRecord.read(record));
            PrintWriter out = spec.commandLine().getOut();
            if (changes.isEmpty()) {
                out.println("Already pinned: " + file.file() + " is unchanged.");
            }
            for (io.digitctl.build.ReleasePin.Change c : changes) {
                out.printf("%s:%d%n  - %s%n  + %s%n", file.file(), c.line(), c.before().strip(), c.after().strip());
            }
            out.flush();
        }
    }
}
