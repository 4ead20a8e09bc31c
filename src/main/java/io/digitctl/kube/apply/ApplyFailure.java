package io.digitctl.kube.apply;

import java.util.List;
import java.util.Map;

/** Applying a service stopped part-way: what was applied before the failure, and why it stopped. */
public class ApplyFailure extends RuntimeException {
    private final List<Map<String, Object>> applied;

    public ApplyFailure(String message, List<Map<String, Object>> applied) {
        super(message);
        this.applied = List.copyOf(applied);
    }

    public List<Map<String, Object>> applied() {
        return applied;
    }
}
