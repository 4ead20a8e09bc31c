package io.digitctl.render;

import io.digitctl.plan.ServiceDeploy;

import java.util.List;

/** The outcome of rendering one service: its manifests, or why it failed. A failure is data, not an exception. */
public sealed interface ServiceRender {
    ServiceDeploy deploy();

    long millis();

    default String service() {
        return deploy().service();
    }

    /**
     * Rendered; {@code warnings} name the service and say what the user may want to know.
     * {@code inputDigest} is what it was rendered from ({@link RenderInputs}), null when the render is not
     * repeatable or took the secrets file.
     */
    record Rendered(ServiceDeploy deploy, List<Manifest> manifests, List<String> warnings, long millis, String inputDigest)
            implements ServiceRender {
    }

    /** Not rendered: its inputs are those of its last deploy, whose recorded objects stand in ({@link RecordedRenders}). */
    record Recorded(ServiceDeploy deploy, List<String> warnings, long millis, String inputDigest) implements ServiceRender {
    }

    record Failed(ServiceDeploy deploy, String reason, long millis) implements ServiceRender {
        /** One message naming the service, its chart folder and Helm's reason. */
        public String message() {
            return deploy.service() + " (chart " + deploy.chart().chartDir() + "): " + reason;
        }
    }
}
