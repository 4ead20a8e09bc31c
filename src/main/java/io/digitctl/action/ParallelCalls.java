package io.digitctl.action;

import io.digitctl.model.DigitctlException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Independent cluster calls made together, at most {@code width} at once, results in the order of
 * the calls. The first failure is thrown as it was; an interrupt says what it stopped.
 */
final class ParallelCalls {
    private ParallelCalls() {
    }

    static <T> List<T> run(String name, int width, List<Callable<T>> calls, String interruptedWhile) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(width, Math.max(1, calls.size()))), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            calls.forEach(c -> futures.add(pool.submit(c)));
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DigitctlException("Interrupted " + interruptedWhile + "; nothing was applied.");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The result of a call made aside, its failure thrown as it was rather than wrapped. */
    static <T> T joined(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
