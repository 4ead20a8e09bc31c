package io.digitctl.cli;

import picocli.CommandLine;

import java.time.Duration;

/** A soak time: a duration such as 10m or 24h, where 0s (no soak at all) is allowed. */
final class SoakConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        if (value.strip().matches("0+(ms|s|m|h)?")) {
            return Duration.ZERO;
        }
        return new DurationConverter().convert(value);
    }
}
