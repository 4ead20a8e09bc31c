package io.digitctl.plan;

/** A requested service that the chart index does not know; {@code where} says who asked for it. */
public record MissingChart(String service, String where) {
    @Override
    public String toString() {
        return service + " (" + where + ")";
    }
}
