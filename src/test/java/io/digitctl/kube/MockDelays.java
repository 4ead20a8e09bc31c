package io.digitctl.kube;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** When the controllers first saw each thing, so that it happens only after its delay. */
final class MockDelays {
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();

    boolean due(String key, long delayMillis) {
        long seen = firstSeen.computeIfAbsent(key, k -> System.currentTimeMillis());
        return System.currentTimeMillis() - seen >= delayMillis;
    }

    /** Milliseconds since this was first seen (0 the first time). */
    long elapsed(String key) {
        return System.currentTimeMillis() - firstSeen.computeIfAbsent(key, k -> System.currentTimeMillis());
    }
}
