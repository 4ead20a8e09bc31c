package io.digitctl.cli;

import java.io.PrintWriter;

/** The real stdout, so that a command can tell it from a test's captured writer and write raw bytes to it. */
final class CliStreams {
    static final PrintWriter SYSTEM_OUT = new PrintWriter(System.out, true);
    static final PrintWriter SYSTEM_ERR = new PrintWriter(System.err, true);

    /** Fails when what was written to {@code out} did not all arrive (a full disk, a closed pipe): PrintWriter keeps such errors to itself. */
    static void requireWritten(PrintWriter out, String what) {
        out.flush();
        if (out.checkError() || (out == SYSTEM_OUT && System.out.checkError())) {
            throw new io.digitctl.model.DigitctlException("Cannot write " + what + " to stdout (the disk is full or the pipe was closed); the output is incomplete.");
        }
    }

    /** Asks a y/N question on the terminal ("y" or "yes" agrees); without a terminal (CI, a pipe) the answer is no. */
    static boolean agrees(String question) {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        String answer = console.readLine("%s [y/N] ", question);
        return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    }

    private CliStreams() {
    }
}
