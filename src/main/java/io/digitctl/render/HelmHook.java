package io.digitctl.render;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Helm hook as its annotations declare it: the events it runs on ({@code pre-install},
 * {@code post-upgrade}, {@code test}, ...), its weight and its delete policies, read as Helm 3 reads
 * them (releaseutil's manifest sorter): comma lists, each item trimmed and lower-cased; a weight that
 * Go's {@code Atoi} does not read is 0; a hook without a delete policy gets
 * {@code before-hook-creation}; {@code test-success} is the old name of {@code test}.
 *
 * <p>Helm skips, with only a log line, an object whose {@code helm.sh/hook} names an event it does
 * not know (an empty value, or Helm 2's {@code crd-install}): it is neither installed nor run. Such
 * a hook is still a hook here, and {@link #isKnown()} is false.
 */
public record HelmHook(Set<String> events, int weight, Set<String> deletePolicies) {
    public static final String ANNOTATION = "helm.sh/hook";
    public static final String WEIGHT = "helm.sh/hook-weight";
    public static final String DELETE_POLICY = "helm.sh/hook-delete-policy";

    public static final String BEFORE_HOOK_CREATION = "before-hook-creation";
    public static final String HOOK_SUCCEEDED = "hook-succeeded";
    public static final String HOOK_FAILED = "hook-failed";

    /** The events Helm 3 knows. */
    public static final Set<String> EVENTS = Set.of("pre-install", "post-install", "pre-delete", "post-delete",
            "pre-upgrade", "post-upgrade", "pre-rollback", "post-rollback", "test");
    private static final String OLD_TEST = "test-success";

    public HelmHook {
        events = Set.copyOf(events);
        deletePolicies = Set.copyOf(deletePolicies);
    }

    /** The hook an object's annotations declare, or empty for an ordinary object. */
    public static Optional<HelmHook> of(Map<String, Object> object) {
        if (!(object.get("metadata") instanceof Map<?, ?> metadata) || !(metadata.get("annotations") instanceof Map<?, ?> annotations)
                || !annotations.containsKey(ANNOTATION)) {
            return Optional.empty();
        }
        Set<String> events = new LinkedHashSet<>();
        list(annotations.get(ANNOTATION)).forEach(e -> events.add(OLD_TEST.equals(e) ? "test" : e));
        Set<String> policies = new LinkedHashSet<>(list(annotations.get(DELETE_POLICY)));
        policies.remove("");
        return Optional.of(new HelmHook(events, weight(annotations.get(WEIGHT)), policies.isEmpty() ? Set.of(BEFORE_HOOK_CREATION) : policies));
    }

    /** The items of a comma list as Helm takes them: trimmed and lower-cased; an empty item stays (Helm does not know it). */
    private static List<String> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(String.valueOf(value).split(",", -1)).map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
    }

    /** Helm reads the weight with Go's Atoi (an optional sign, decimal digits, nothing around them) and takes 0 otherwise. */
    static int weight(Object value) {
        if (value == null) {
            return 0;
        }
        String text = String.valueOf(value);
        if (!text.matches("[+-]?[0-9]+")) {
            return 0;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0; // beyond an int: no chart needs such a weight
        }
    }

    public boolean runsOn(String event) {
        return events.contains(event);
    }

    /** Whether Helm knows every event this hook names; if not, Helm neither installs nor runs the object. */
    public boolean isKnown() {
        return !events.isEmpty() && EVENTS.containsAll(events);
    }

    /**
     * What --print shows after {@code # Hook: }: {@code pre-install,pre-upgrade (weight 5)}, the events
     * as the chart wrote them, in its order.
     */
    public String describe(Map<String, Object> object) {
        Object raw = object.get("metadata") instanceof Map<?, ?> metadata && metadata.get("annotations") instanceof Map<?, ?> annotations
                ? annotations.get(ANNOTATION) : null;
        List<String> written = raw == null ? List.of()
                : Arrays.stream(String.valueOf(raw).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        return (written.isEmpty() ? "(no event)" : String.join(",", written)) + " (weight " + weight + ")"
                + (isKnown() ? "" : ", an event Helm does not know: Helm skips this object");
    }

    /** The comment line that --print and --output-dir put under a hook's {@code # Source:} line. */
    public String comment(Map<String, Object> object) {
        return "# Hook: " + describe(object);
    }
}
