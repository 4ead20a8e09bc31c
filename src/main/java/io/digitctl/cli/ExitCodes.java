package io.digitctl.cli;

/** Exit codes of every command. */
final class ExitCodes {
    static final int OK = 0;
    /** The work failed, or the input (tree, flags' values) is wrong; the message says what to do. */
    static final int FAILED = 1;
    /** The command worked and found differences: diff (changes), drift (drifted objects), compare (environments differ). */
    static final int DIFFERENCES = 2;
    /** The command line itself is wrong (unknown flag, missing value); 64 as in sysexits' EX_USAGE. */
    static final int USAGE = 64;
    /** A bug in digitctl. */
    static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
