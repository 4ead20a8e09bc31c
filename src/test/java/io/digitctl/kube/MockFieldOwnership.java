package io.digitctl.kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side apply as a real API server does it, close enough for tests: each field manager owns
 * what it applied last; an apply sets its fields over the live object, removes the fields it applied
 * before and no longer sends, and keeps what others wrote (such as a caBundle that a Job patched
 * into a webhook). Lists of items that all have a name merge by that name, as keyed lists do
 * (containers, env, volumes, webhooks); other lists belong whole to the last applier.
 */
final class MockFieldOwnership {
    private final Map<String, Map<String, Object>> lastApplied = new ConcurrentHashMap<>();

    /** The object after {@code manager} applies {@code body} over {@code live}. */
    Map<String, Object> apply(String path, String manager, Map<String, Object> live, Map<String, Object> body) {
        Map<String, Object> base = copy(live);
        base.remove("status");
        Map<String, Object> before = lastApplied.get(path + "|" + manager);
        if (before != null) {
            removeDropped(base, before, body);
        }
        return merge(base, body);
    }

    /** Remembers what {@code manager} owns now, once the apply is stored. */
    void applied(String path, String manager, Map<String, Object> body) {
        lastApplied.put(path + "|" + manager, copy(body));
    }

    @SuppressWarnings("unchecked")
    private static void removeDropped(Map<String, Object> base, Map<String, Object> before, Map<String, Object> now) {
        for (Map.Entry<String, Object> e : before.entrySet()) {
            Object nowValue = now.get(e.getKey());
            Object baseValue = base.get(e.getKey());
            if (nowValue == null) {
                base.remove(e.getKey());
            } else if (e.getValue() instanceof Map<?, ?> b && nowValue instanceof Map<?, ?> n && baseValue instanceof Map<?, ?> l) {
                removeDropped((Map<String, Object>) l, (Map<String, Object>) b, (Map<String, Object>) n);
            } else if (keyed(e.getValue()) && keyed(nowValue) && keyed(baseValue)) {
                List<Object> live = (List<Object>) baseValue;
                for (Object item : (List<Object>) e.getValue()) {
                    Object name = ((Map<?, ?>) item).get("name");
                    Map<String, Object> current = byName((List<Object>) nowValue, name);
                    Map<String, Object> kept = byName(live, name);
                    if (current == null) {
                        live.remove(kept);
                    } else if (kept != null) {
                        removeDropped(kept, (Map<String, Object>) item, current);
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> body) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        for (Map.Entry<String, Object> e : body.entrySet()) {
            Object mine = e.getValue();
            Object theirs = out.get(e.getKey());
            if (mine instanceof Map<?, ?> m && theirs instanceof Map<?, ?> t) {
                out.put(e.getKey(), merge((Map<String, Object>) t, (Map<String, Object>) m));
            } else if (keyed(mine) && keyed(theirs)) {
                List<Object> merged = new ArrayList<>();
                for (Object item : (List<Object>) mine) {
                    Map<String, Object> live = byName((List<Object>) theirs, ((Map<?, ?>) item).get("name"));
                    merged.add(live == null ? item : merge(live, (Map<String, Object>) item));
                }
                for (Object item : (List<Object>) theirs) {
                    if (byName((List<Object>) mine, ((Map<?, ?>) item).get("name")) == null) {
                        merged.add(item);
                    }
                }
                out.put(e.getKey(), merged);
            } else {
                out.put(e.getKey(), mine);
            }
        }
        return out;
    }

    private static boolean keyed(Object value) {
        return value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(i -> i instanceof Map<?, ?> m && m.get("name") != null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> byName(List<Object> list, Object name) {
        for (Object item : list) {
            if (item instanceof Map<?, ?> m && String.valueOf(name).equals(String.valueOf(m.get("name")))) {
                return (Map<String, Object>) m;
            }
        }
        return null;
    }

    private static Map<String, Object> copy(Map<String, Object> object) {
        return MockCluster.read(MockCluster.write(object));
    }
}
