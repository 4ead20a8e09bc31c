package io.digitctl.cli;

import io.digitctl.model.DigitctlException;
import picocli.CommandLine;

import java.io.PrintWriter;

/** Errors become one clear message on stderr and an exit code; a stack trace only for a bug, and only on request. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parseResult) {
        PrintWriter err = cli.getErr();
        if (ex instanceof DigitctlException) {
            err.println("error: " + ex.getMessage());
            err.flush();
            return ExitCodes.FAILED;
        }
        if (ex instanceof java.io.UncheckedIOException unreadable) {
            // a file or folder that cannot be read is the input's problem, not a bug
            err.println("error: Cannot read " + io.digitctl.files.FileTrees.describe(unreadable.getCause()) + ".");
            err.flush();
            return ExitCodes.FAILED;
        }
        err.println("internal error: " + ex + ". This is a bug in digitctl; please report it with the command you ran."
                + (debug() ? "" : " Set DIGITCTL_DEBUG=1 to see the stack trace."));
        if (debug()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.INTERNAL;
    }

    private static boolean debug() {
        String value = System.getenv("DIGITCTL_DEBUG");
        return value != null && !value.isBlank() && !value.equals("0");
    }
}
