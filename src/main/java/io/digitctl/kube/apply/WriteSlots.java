package io.digitctl.kube.apply;

import io.digitctl.model.DigitctlException;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * How many writes go to the API server at once (--parallel). Services in flight are not bounded by
 * it: a service that waits for its rollout holds no slot.
 */
public final class WriteSlots {
    private final Semaphore slots;

    public WriteSlots(int count) {
        this.slots = new Semaphore(Math.max(1, count), true);
    }

    public static WriteSlots unbounded() {
        return new WriteSlots(Integer.MAX_VALUE / 2);
    }

    public <T> T write(Supplier<T> call) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DigitctlException("Interrupted while waiting to write to the cluster.");
        }
        try {
            return call.get();
        } finally {
            slots.release();
        }
    }
}
