package io.digitctl.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, hidden = true, description = "Benchmarks (see the README).")
final class BenchCommand implements Runnable {
    @Override
    public void run() {
    }
}
