package io.digitctl.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.function.Supplier;

/**
 * Retries a call when the server is busy (429), failing (5xx) or unreachable, with exponential
 * backoff; any other error goes straight to the caller.
 *
 * <p>Reads, server-side apply and deletes are idempotent and simply retried. A create or replace
 * may have landed although its attempt failed (a lost response): {@link Fabric8Gateway} checks what
 * landed when a retried one meets a conflict, and the environment lock checks its own token.
 * Not final, so that a test can lose a response after the server stored the object.
 */
public class Retry {
    private final int attempts;
    private final long firstDelayMillis;

    public Retry(int attempts, long firstDelayMillis) {
        this.attempts = attempts;
        this.firstDelayMillis = firstDelayMillis;
    }

    public static final Retry DEFAULT = new Retry(5, 200);

    public <T> T call(Supplier<T> call) {
        long delay = firstDelayMillis;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (KubernetesClientException e) {
                if (attempt >= attempts || !retriable(e) || interrupted(e)) {
                    throw e;
                }
            }
            try {
                Thread.sleep(delay + (long) (Math.random() * delay / 2));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new KubernetesClientException("interrupted while waiting to retry");
            }
            delay = Math.min(delay * 2, 5000);
        }
    }

    /** A call cut short by an interrupt (a signal stopping the deploy) is not retried. */
    static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    static boolean retriable(KubernetesClientException e) {
        int code = e.getCode();
        return code <= 0 || code == 429 || code >= 500;
    }
}
