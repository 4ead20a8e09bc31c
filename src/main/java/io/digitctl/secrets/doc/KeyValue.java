package io.digitctl.secrets.doc;

/** One key of a {@link Branch}; the value is a leaf, a {@link Branch} or a {@link Sequence}. */
public record KeyValue(String key, Object value) {
}
