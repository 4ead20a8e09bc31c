package io.digitctl.render;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Helm hook as its annotations declare it: the events it runs on ({@code pre-install},
 * {@code post-upgrade}, {@code test}, ...), its weight and its delete policies. As in Helm 3, a hook
 * without a delete policy gets {@code before-hook-creation}.
 */
public record HelmHook(Set<String> events, int weight, Set<String> deletePolicies) {
    public static final String ANNOTATION = "helm.sh/hook";
    public static final String WEIGHT = "helm.sh/hook-weight";
    public static final String DELETE_POLICY = "helm.sh/hook-delete-policy";

    public static final String BEFORE_HOOK_CREATION = "before-hook-creation";
    public static final String HOOK_SUCCEEDED = "hook-succeeded";
    public static final String HOOK_FAILED = "hook-failed";

    public HelmHook {
        events = Set.copyOf(events);
        deletePolicies = Set.copyOf(deletePolicies);
    }

    /** The hook an object's annotations declare, or empty for an ordinary object. */
    public static Optional<HelmHook> of(Map<String, Object> object) {
        if (!(object.get("metadata") instanceof Map<?, ?> metadata) || !(metadata.get("annotations") instanceof Map<?, ?> annotations)) {
            return Optional.empty();
        }
        Object events = annotations.get(ANNOTATION);
        if (events == null || String.valueOf(events).isBlank()) {
            return Optional.empty();
        }
        Set<String> policies = list(annotations.get(DELETE_POLICY));
        return Optional.of(new HelmHook(list(events), weight(annotations.get(WEIGHT)), policies.isEmpty() ? Set.of(BEFORE_HOOK_CREATION) : policies));
    }

    private static Set<String> list(Object value) {
        if (value == null) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(String.valueOf(value).split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    /** Helm reads the weight with Atoi and takes 0 when it is not a number. */
    private static int weight(Object value) {
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public boolean runsOn(String event) {
        return events.contains(event);
    }

    /** The line that --print shows: {@code # Hook: pre-install,pre-upgrade (weight 5)}, events in the chart's order. */
    public String describe(Map<String, Object> object) {
        Object raw = ((Map<?, ?>) ((Map<?, ?>) object.get("metadata")).get("annotations")).get(ANNOTATION);
        List<String> ordered = Arrays.stream(String.valueOf(raw).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        return String.join(",", ordered) + " (weight " + weight + ")";
    }
}
