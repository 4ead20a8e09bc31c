package io.digitctl.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** Fields the charts fill anew on every render, for deploy and diff alike. */
final class VolatileOptions {
    @Option(names = "--volatile-path", paramLabel = "PATH", description = "A field the charts fill anew on every render, whose live value is kept"
            + " (repeatable; also digitctl.volatilePaths in the env file). Built in: the deployment-timestamp pod template annotation.")
    List<String> paths = new ArrayList<>();
}
