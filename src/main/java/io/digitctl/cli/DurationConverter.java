package io.digitctl.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: 300s, 5m, 1h30m, 500ms, or plain seconds. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        String v = value.strip();
        if (v.matches("\\d+")) {
            return positive(value, Duration.ofSeconds(Long.parseLong(v)));
        }
        Matcher m = PART.matcher(v);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        if (end != v.length() || end == 0) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration; write it like 300s, 5m or 1h30m");
        }
        return positive(value, total);
    }

    /** A wait of no time at all would fail every rollout at once, or poll without pause. */
    private static Duration positive(String value, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a positive duration; give more than zero, like 300s, 5m or 1h30m");
        }
        return d;
    }
}
