package io.digitctl.render;

import io.digitctl.plan.DeployPlan;
import io.digitctl.plan.PlanLevel;
import io.digitctl.plan.ServiceDeploy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlanRendererTest {

    @TempDir
    Path root;
    @TempDir
    Path cache;

    @Test
    void aFailingServiceDoesNotStopTheOthersAndResultsKeepPlanOrder() {
        RenderFixture fx = new RenderFixture(root, cache);
        List<ServiceDeploy> services = new ArrayList<>();
        for (String name : List.of("first", "broken", "second", "third")) {
            String body = name.equals("broken") ? "{{ fail \"chart is broken on purpose\" }}\n"
                    : "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + "}\n";
            fx.chart(name, "", "a: 1\n", body);
        }
        for (String name : List.of("first", "broken", "second", "third")) {
            services.add(fx.deploy(name, "v1"));
        }
        DeployPlan plan = new DeployPlan("test", List.of(new PlanLevel(1, List.of(), services)), List.of(), List.of());
        List<String> seen = Collections.synchronizedList(new ArrayList<>());

        RenderReport report = new PlanRenderer(fx.renderer).render(plan, new RenderOptions(fx.envFile,
                RenderOptions.DEFAULT_KUBE_VERSION, List.of(), 3), r -> seen.add(r.service()));

        assertThat(report.services()).extracting(ServiceRender::service).containsExactly("first", "broken", "second", "third");
        assertThat(report.failures()).singleElement().satisfies(f -> assertThat(f.message())
                .startsWith("broken (chart ").contains("chart is broken on purpose"));
        assertThat(report.manifests()).extracting(m -> m.key().name()).containsExactly("first", "second", "third");
        assertThat(seen).containsExactlyInAnyOrder("first", "broken", "second", "third");
        assertThat(report.ok()).isFalse();
    }
}
