package io.digitctl.kube.apply;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a live object still holds everything that was rendered: every field of the desired
 * object is in the live one with the same value. The server adds defaults and status, which do not
 * count; numbers and strings are compared by their text, since YAML and JSON spell them apart.
 * A doubt (a quantity written differently, say) counts as a difference, which only costs an apply.
 */
public final class LiveMatch {
    private LiveMatch() {
    }

    public static boolean covers(Map<String, Object> desired, Map<String, Object> live) {
        if (live == null) {
            return false;
        }
        return contains(comparable(desired), live);
    }

    /**
     * Whether a ConfigMap or Secret holds the same keys as rendered: a key the render dropped is a
     * change (server-side apply removes it), which {@link #covers} alone would not see.
     */
    @SuppressWarnings("unchecked")
    public static boolean sameKeys(Map<String, Object> desired, Map<String, Object> live) {
        Map<String, Object> rendered = comparable(desired);
        for (String field : List.of("data", "binaryData")) {
            java.util.Set<Object> mine = rendered.get(field) instanceof Map<?, ?> m ? new java.util.HashSet<>(m.keySet()) : java.util.Set.of();
            java.util.Set<Object> theirs = live.get(field) instanceof Map<?, ?> m ? new java.util.HashSet<>(m.keySet()) : java.util.Set.of();
            if (!mine.equals(theirs)) {
                return false;
            }
        }
        return true;
    }

    /** A Secret's stringData as the server stores it: base64 under data. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> comparable(Map<String, Object> desired) {
        if (!"Secret".equals(desired.get("kind")) || !(desired.get("stringData") instanceof Map<?, ?> plain)) {
            return desired;
        }
        Map<String, Object> out = new LinkedHashMap<>(desired);
        Map<String, Object> data = out.get("data") instanceof Map<?, ?> d ? new LinkedHashMap<>((Map<String, Object>) d) : new LinkedHashMap<>();
        ((Map<Object, Object>) plain).forEach((k, v) -> data.put(String.valueOf(k),
                Base64.getEncoder().encodeToString(String.valueOf(v).getBytes(StandardCharsets.UTF_8))));
        out.remove("stringData");
        out.put("data", data);
        return out;
    }

    private static boolean contains(Object desired, Object live) {
        if (desired instanceof Map<?, ?> d) {
            if (!(live instanceof Map<?, ?> l)) {
                return d.isEmpty() && live == null;
            }
            for (Map.Entry<?, ?> e : d.entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                if (!contains(e.getValue(), l.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (desired instanceof List<?> d) {
            if (!(live instanceof List<?> l) || l.size() != d.size()) {
                return d.isEmpty() && live == null;
            }
            for (int i = 0; i < d.size(); i++) {
                if (!contains(d.get(i), l.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return live != null && (String.valueOf(desired).equals(String.valueOf(live)) || sameNumber(desired, live));
    }

    /** 65535 and 65535.0 are the same number; a JSON reader may give either. */
    private static boolean sameNumber(Object desired, Object live) {
        if (!(desired instanceof Number) && !(live instanceof Number)) {
            return false;
        }
        try {
            return new java.math.BigDecimal(String.valueOf(desired)).compareTo(new java.math.BigDecimal(String.valueOf(live))) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
