package io.digitctl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Rollout waits and the lock; shared by the commands that change a cluster: deploy, rollback, promote. */
final class WaitOptions {
    @CommandLine.Mixin
    RolloutTimes times;

    @Option(names = "--force-unlock", description = "Remove the environment's lock first (when the process holding it is gone).")
    boolean forceUnlock;
}
