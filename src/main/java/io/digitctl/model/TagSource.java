package io.digitctl.model;

/** Where the tag a service is deployed with came from; shown in every plan. */
public enum TagSource {
    RELEASE("release"),
    COMMAND_LINE("command line"),
    CLUSTER("cluster"),
    CHART_DEFAULT("chart default");

    private final String label;

    TagSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
