package io.digitctl.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.function.Supplier;

/**
 * Retries an idempotent call when the server is busy (429), failing (5xx) or unreachable, with
 * exponential backoff; any other error goes straight to the caller.
 */
public final class Retry {
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
                if (attempt >= attempts || !retriable(e)) {
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

    static boolean retriable(KubernetesClientException e) {
        int code = e.getCode();
        return code == 0 || code == 429 || code >= 500;
    }
}
