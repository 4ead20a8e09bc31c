package io.digitctl.action;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who an action runs for, when it is not the process's own user: {@code digitctl serve} runs
 * actions for {@code web:<token label>}. The name is recorded in revisions, deploy records and the
 * lock holder. It is inherited by the threads the action starts (the deploy's worker pool).
 */
public final class Actor {
    private static final InheritableThreadLocal<String> CURRENT = new InheritableThreadLocal<>();

    private Actor() {
    }

    /** Runs {@code work} on this thread as {@code who}. */
    public static <T> T as(String who, Supplier<T> work) {
        String before = CURRENT.get();
        CURRENT.set(who);
        try {
            return work.get();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /** The name set by {@link #as}, if any. */
    public static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }
}
