package io.digitctl.kube.apply;

import java.time.Duration;

/** The moment a service's work must be done by; every wait and retry of that service stops there. */
public record Deadline(long nanos, Duration total) {

    public static Deadline in(Duration duration) {
        return new Deadline(System.nanoTime() + duration.toNanos(), duration);
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, nanos - System.nanoTime()));
    }

    public boolean passed() {
        return System.nanoTime() >= nanos;
    }
}
