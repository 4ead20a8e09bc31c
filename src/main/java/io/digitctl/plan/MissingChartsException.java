package io.digitctl.plan;

import io.digitctl.model.DigitctlException;

import java.nio.file.Path;
import java.util.List;

/** Every requested service without a chart, reported together before anything is rendered. */
public class MissingChartsException extends DigitctlException {
    private final List<MissingChart> missing;

    public MissingChartsException(List<MissingChart> missing, Path chartsDir) {
        super(message(missing, chartsDir));
        this.missing = List.copyOf(missing);
    }

    private static String message(List<MissingChart> missing, Path chartsDir) {
        StringBuilder sb = new StringBuilder(missing.size() + " service" + (missing.size() == 1 ? " has" : "s have")
                + " no chart under " + chartsDir + ":");
        for (MissingChart m : missing) {
            sb.append("\n  - ").append(m);
        }
        sb.append("\nAdd the charts, fix the names, or pass --skip-missing to deploy the others without them.");
        return sb.toString();
    }

    public List<MissingChart> missing() {
        return missing;
    }
}
