package io.digitctl.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/** A wrong command line: the problem, then how to get help. */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("error: " + ex.getMessage());
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
            // a misspelt sub-command or option: picocli knows the nearest names
            CommandLine.UnmatchedArgumentException.printSuggestions(unmatched, err);
        }
        err.println("Run '" + cli.getCommandSpec().qualifiedName() + " --help' for usage and examples.");
        err.flush();
        return ExitCodes.USAGE;
    }
}
