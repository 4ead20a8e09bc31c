package io.digitctl.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The deploy-as-code folder, as the reference deployer takes it. */
final class TreeOption {
    @Option(names = "--helm-dir", paramLabel = "DIR", defaultValue = "../helm",
            description = "The deploy-as-code 'helm' folder holding charts/, environments/ and product-release-charts/ (default: ${DEFAULT-VALUE}).")
    Path helmDir;
}
