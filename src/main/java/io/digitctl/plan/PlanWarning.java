package io.digitctl.plan;

/** Something the user should know about a plan; the kind lets callers pick what matters to them. */
public record PlanWarning(Kind kind, String service, String message) {

    public enum Kind {
        /** No tag was given or found; the chart's own default tag is used. */
        CHART_DEFAULT_TAG,
        /** The application and migration images of a service are pinned at different tags. */
        TAGS_DIFFER,
        /** A release pins one image twice with different versions; the later one wins. */
        PINNED_TWICE,
        /** A service without a chart was left out (--skip-missing). */
        SKIPPED_MISSING,
        /** A chart name is defined twice in the tree; this plan does not use it. */
        DUPLICATE_CHART
    }

    @Override
    public String toString() {
        return message;
    }
}
