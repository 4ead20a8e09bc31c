package io.digitctl.cli;

import io.digitctl.event.Cancellation;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ctrl-C and CI cancels for a command that changes a cluster. The first SIGINT or SIGTERM asks the
 * action to stop cleanly (record, unlock, exit 130 or 143); a second one ends the process at once.
 * Without this, the JVM would start shutting down on the first signal, with the deploy still
 * running and no way to finish its records.
 */
final class SignalTrap implements AutoCloseable {
    private static final String[] SIGNALS = {"INT", "TERM"};
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private SignalTrap() {
    }

    static SignalTrap install(Cancellation cancellation, PrintWriter err) {
        SignalTrap trap = new SignalTrap();
        trap.handle(cancellation, err, true);
        // the embedded Helm's Go runtime takes the signals on its first template call: take them back after it
        cancellation.restoreHandlersWith(() -> trap.handle(cancellation, err, false));
        return trap;
    }

    private void handle(Cancellation cancellation, PrintWriter err, boolean first) {
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                SignalHandler replaced = Signal.handle(signal, s -> {
                    if (cancellation.cancelled()) {
                        Runtime.getRuntime().halt(128 + s.getNumber());
                    }
                    err.println("\nStopping (SIG" + name + "): no new work starts; what is in flight is recorded as interrupted."
                            + " A second signal ends digitctl at once.");
                    err.flush();
                    cancellation.cancel("SIG" + name);
                });
                if (first) {
                    previous.put(signal, replaced);
                }
            } catch (IllegalArgumentException unsupported) {
                // a platform without this signal: the JVM's default applies
            }
        }
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
