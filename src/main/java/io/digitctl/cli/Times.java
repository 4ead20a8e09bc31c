package io.digitctl.cli;

/** Recorded instants as tables show them. */
final class Times {
    private Times() {
    }

    /** {@code 2026-11-26T09:00:00.123Z} as {@code 2026-11-26 09:00:00Z}; nothing for no time. */
    static String readable(String instant) {
        return instant == null ? "" : instant.replace('T', ' ').replaceAll("\\.\\d+Z$", "Z");
    }
}
