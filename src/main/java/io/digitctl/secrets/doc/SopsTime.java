package io.digitctl.secrets.doc;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/** A YAML timestamp, written back as Go's RFC 3339 text (nanoseconds only when not zero). */
public record SopsTime(OffsetDateTime value) {
    private static final DateTimeFormatter RFC3339 = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter();

    public String text() {
        return RFC3339.format(value);
    }

    @Override
    public String toString() {
        return text();
    }
}
