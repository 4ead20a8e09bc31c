package io.digitctl.cli;

import io.digitctl.model.ImageRef;
import io.digitctl.model.TagSource;
import io.digitctl.plan.DeployPlan;
import io.digitctl.plan.PlanLevel;
import io.digitctl.plan.ServiceDeploy;
import io.digitctl.tree.ChartEntry;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CliProgressTest {

    private static ServiceDeploy service(String name) {
        return new ServiceDeploy(name, "core", new ChartEntry(name, Path.of("charts", name), null), ImageRef.parse("egovio/" + name + ":v1"),
                "v1", null, TagSource.RELEASE);
    }

    @Test
    void theStateColumnStaysAlignedForServiceNamesLongerThanTheDefaultWidth() {
        StringWriter text = new StringWriter();
        CliProgress progress = new CliProgress(new PrintWriter(text), false);
        String longName = "finance-collections-voucher-consumer";
        progress.planned(new DeployPlan("test", List.of(new PlanLevel(1, List.of("core"), List.of(service("egov-user"), service(longName)))),
                List.of(), List.of()));

        progress.serviceState("egov-user", "deployed", "ok", 1000);
        progress.serviceState(longName, "deployed", "ok", 1000);

        List<String> rows = text.toString().lines().filter(l -> l.contains("deployed")).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).indexOf("deployed")).isEqualTo(rows.get(1).indexOf("deployed")).isGreaterThan(longName.length());
    }

    @Test
    void withoutAPlanALongNameWidensTheColumnForTheLinesAfterIt() {
        StringWriter text = new StringWriter();
        CliProgress progress = new CliProgress(new PrintWriter(text), false);
        String longName = "finance-collections-voucher-consumer";

        progress.serviceState(longName, "rolling back", "to revision 1", 0);
        progress.serviceState("egov-user", "rolling back", "to revision 2", 0);

        List<String> rows = text.toString().lines().toList();
        assertThat(rows.get(0).indexOf("rolling back")).isEqualTo(rows.get(1).indexOf("rolling back"));
    }
}
