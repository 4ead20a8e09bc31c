package io.digitctl.cli;

import picocli.CommandLine.Option;

import java.time.Duration;

/** How long and how often to wait for rollouts: for deploy and rollback, and for the actions of serve. */
final class RolloutTimes {
    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5m",
            description = "How long each service may take to roll out (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--poll", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "2s",
            description = "How often rollout state is read (default: ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(names = "--pod-problem-grace", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
            description = "How long a pod may stay unable to start (ImagePullBackOff, CrashLoopBackOff, failing init container) before its service fails (default: ${DEFAULT-VALUE}).")
    Duration problemGrace;
}
