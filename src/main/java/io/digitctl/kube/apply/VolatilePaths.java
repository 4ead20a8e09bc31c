package io.digitctl.kube.apply;

import io.digitctl.model.DigitctlException;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fields that charts fill anew on every render, such as DIGIT's {@code deployment-timestamp} pod
 * template annotation ({@code date "20060102150405" .Release.Time}). A deploy keeps their live
 * values, so that rendering again is not a change and restarts nothing; a workload whose config
 * changed gets a fresh stamp instead, which is what the chart meant the stamp for.
 *
 * <p>A path is dotted; a key that holds dots or slashes goes in brackets:
 * {@code spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]}.
 */
public final class VolatilePaths {
    public static final String STAMP = "deployment-timestamp";
    /** What a restart sets on a chart that has no stamp of its own; no render sets it, so its live value is always kept. */
    static final String RESTARTED_AT = "digitctl.io/restarted-at";
    /** How DIGIT's charts write the stamp: {@code date "20060102150405"}. */
    private static final DateTimeFormatter STAMP_FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    public static final List<String> BUILT_IN = List.of(
            "spec.template.metadata.annotations[" + STAMP + "]",
            "spec.jobTemplate.spec.template.metadata.annotations[" + STAMP + "]",
            "spec.template.metadata.annotations[" + RESTARTED_AT + "]",
            "spec.jobTemplate.spec.template.metadata.annotations[" + RESTARTED_AT + "]");
    private static final List<String> POD_TEMPLATE = List.of("spec", "template");
    private static final List<String> CRON_POD_TEMPLATE = List.of("spec", "jobTemplate", "spec", "template");

    private final List<String> texts;
    private final List<List<String>> paths;

    private VolatilePaths(List<String> texts) {
        this.texts = List.copyOf(texts);
        this.paths = texts.stream().map(VolatilePaths::parse).toList();
    }

    /** The built-in paths plus those of the env file and the command line. */
    public static VolatilePaths with(List<String> extra) {
        List<String> all = new ArrayList<>(BUILT_IN);
        extra.stream().filter(p -> !all.contains(p)).forEach(all::add);
        return new VolatilePaths(all);
    }

    public List<String> describe() {
        return texts;
    }

    static List<String> parse(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw bad(text);
                }
                if (key.length() > 0) {
                    out.add(key.toString());
                    key.setLength(0);
                }
                out.add(text.substring(i + 1, close));
                i = close + 1;
                if (i < text.length() && text.charAt(i) != '.') {
                    throw bad(text);
                }
                i++;
                continue;
            }
            if (c == '.') {
                if (key.length() == 0) {
                    throw bad(text);
                }
                out.add(key.toString());
                key.setLength(0);
            } else {
                key.append(c);
            }
            i++;
        }
        if (key.length() > 0) {
            out.add(key.toString());
        }
        if (out.isEmpty() || out.stream().anyMatch(String::isEmpty)) {
            throw bad(text);
        }
        return out;
    }

    private static DigitctlException bad(String text) {
        return new DigitctlException("Volatile path '" + text + "' is not a path: write keys separated by dots, and a key with dots or"
                + " slashes in brackets, e.g. spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt].");
    }

    /** A copy of {@code desired} whose volatile fields hold the live values, where both have one. */
    public Map<String, Object> keepLive(Map<String, Object> desired, Map<String, Object> live) {
        Map<String, Object> out = copy(desired);
        for (List<String> path : paths) {
            Object liveValue = get(live, path);
            boolean ours = path.get(path.size() - 1).equals(RESTARTED_AT);
            if (liveValue != null && (get(out, path) != null || ours && get(out, path.subList(0, path.size() - 2)) != null)) {
                set(out, path, liveValue);
            }
        }
        return out;
    }

    /** A copy without the volatile fields, for comparing what was rendered. */
    public Map<String, Object> stripped(Map<String, Object> object) {
        Map<String, Object> out = copy(object);
        for (List<String> path : paths) {
            remove(out, path);
        }
        return out;
    }

    /**
     * A copy whose pods restart: the stamp of the pod template (or, for a chart without a stamp, a
     * digitctl annotation) set to {@code now}, which changes the template and so rolls the workload.
     * When the live stamp is not older than {@code now} (a render in the same second), a second after
     * it, so that the template really changes.
     */
    public static Map<String, Object> restamped(Map<String, Object> workload, Map<String, Object> live, LocalDateTime now) {
        Map<String, Object> out = copy(workload);
        List<String> template = "CronJob".equals(out.get("kind")) ? CRON_POD_TEMPLATE : POD_TEMPLATE;
        if (!(get(out, template) instanceof Map)) {
            return out;
        }
        List<String> annotations = new ArrayList<>(template);
        annotations.addAll(List.of("metadata", "annotations"));
        Object existing = get(out, annotations);
        String key = existing instanceof Map<?, ?> a && a.containsKey(STAMP) ? STAMP : RESTARTED_AT;
        List<String> path = new ArrayList<>(annotations);
        path.add(key);
        set(out, path, laterThan(live == null ? null : get(live, path), now).format(STAMP_FORMAT));
        return out;
    }

    private static LocalDateTime laterThan(Object liveStamp, LocalDateTime now) {
        // a stamp holds whole seconds: compared with now's fraction of a second, a stamp of the same second would look older
        LocalDateTime second = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        try {
            LocalDateTime live = LocalDateTime.parse(String.valueOf(liveStamp), STAMP_FORMAT);
            return live.isBefore(second) ? second : live.plusSeconds(1);
        } catch (RuntimeException notAStamp) {
            return second;
        }
    }

    private static Object get(Object object, List<String> path) {
        Object current = object;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> object, List<String> path, Object value) {
        Map<String, Object> current = object;
        for (String key : path.subList(0, path.size() - 1)) {
            Object next = current.get(key);
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                current.put(key, next);
            }
            current = (Map<String, Object>) next;
        }
        current.put(path.get(path.size() - 1), value);
    }

    @SuppressWarnings("unchecked")
    private static void remove(Map<String, Object> object, List<String> path) {
        Object parent = get(object, path.subList(0, path.size() - 1));
        if (parent instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).remove(path.get(path.size() - 1));
        }
    }

    private static Map<String, Object> copy(Map<String, Object> object) {
        return io.digitctl.kube.KubeObjects.copy(object);
    }
}
