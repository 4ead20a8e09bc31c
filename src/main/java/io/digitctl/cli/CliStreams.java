package io.digitctl.cli;

import java.io.PrintWriter;

/** The real stdout, so that a command can tell it from a test's captured writer and write raw bytes to it. */
final class CliStreams {
    static final PrintWriter SYSTEM_OUT = new PrintWriter(System.out, true);
    static final PrintWriter SYSTEM_ERR = new PrintWriter(System.err, true);

    private CliStreams() {
    }
}
