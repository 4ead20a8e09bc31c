package io.digitctl.event;

import io.digitctl.model.DigitctlException;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A request to stop, such as Ctrl-C or a CI cancel (SIGINT, SIGTERM): the action stops starting new
 * work, stops waiting, records what it did and releases what it holds, then returns. Listeners
 * registered with {@link #onCancel} run once, on the signalling thread.
 */
public final class Cancellation {
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> handlerRestorers = new CopyOnWriteArrayList<>();
    private volatile String signal;

    /** Never cancelled: for callers that have no signal to pass on. */
    public static Cancellation none() {
        return new Cancellation();
    }

    public void cancel(String signalName) {
        synchronized (this) {
            if (signal != null) {
                return;
            }
            signal = signalName;
        }
        listeners.forEach(Runnable::run);
    }

    public boolean cancelled() {
        return signal != null;
    }

    /** The signal's name, such as {@code SIGINT}; null while not cancelled. */
    public String signal() {
        return signal;
    }

    /** The exit code of a process stopped by the signal (SIGINT or SIGTERM, those trapped), as shells report it: 128 + its number. */
    public int exitCode() {
        return "SIGTERM".equals(signal) ? 143 : 130;
    }

    /** Runs {@code listener} on cancellation (at once when already cancelled); the returned handle removes it. */
    public Runnable onCancel(Runnable listener) {
        listeners.add(listener);
        if (cancelled()) {
            listener.run();
        }
        return () -> listeners.remove(listener);
    }

    /** How to take the signals back after native code took them (see {@link #nativeCodeReturned}). */
    public void restoreHandlersWith(Runnable restorer) {
        handlerRestorers.add(restorer);
    }

    /**
     * Called after the embedded Helm has run: its Go runtime takes SIGINT and SIGTERM for itself on
     * its first template call, and would swallow them from then on.
     */
    public void nativeCodeReturned() {
        handlerRestorers.forEach(Runnable::run);
    }

    public void throwIfCancelled(String what) {
        if (cancelled()) {
            throw new DigitctlException("Interrupted by " + signal + " " + what + ".");
        }
    }
}
