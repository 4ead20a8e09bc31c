package io.digitctl.action;

import java.util.List;

/** Everything validate found; the tree is valid when there is no error. */
public record ValidationReport(java.nio.file.Path helmDir, List<String> environments, int charts, int releases,
                               List<Finding> findings) {

    public long errors() {
        return findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
    }

    public long warnings() {
        return findings.stream().filter(f -> f.severity() == Finding.Severity.WARNING).count();
    }

    public boolean ok() {
        return errors() == 0;
    }
}
