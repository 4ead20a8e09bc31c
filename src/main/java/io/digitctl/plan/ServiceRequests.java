package io.digitctl.plan;

import io.digitctl.model.DigitctlException;
import io.digitctl.model.ImageRef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the images asked for, one entry per service: the application image and the
 * {@code -db} migration image of one service become a single deploy instead of two renders of
 * the same chart. The same image asked for twice is merged; with two different versions, a
 * release keeps the later one in plan order (the reference deploys both, the last one winning)
 * and says so, while a list typed on the command line is refused as ambiguous.
 */
final class ServiceRequests {
    private final boolean laterVersionWins;
    private final List<PlanWarning> warnings = new ArrayList<>();

    ServiceRequests(boolean laterVersionWins) {
        this.laterVersionWins = laterVersionWins;
    }

    /** One asked-for image and who asked for it. */
    record Request(ImageRef image, String module, String where) {
    }

    /** What was asked for one service. */
    static final class ServiceRequest {
        final String service;
        final String module;
        Request app;
        Request migration;

        ServiceRequest(String service, String module) {
            this.service = service;
            this.module = module;
        }

        Request primary() {
            return app != null ? app : migration;
        }
    }

    private final Map<String, ServiceRequest> byService = new LinkedHashMap<>();

    void add(ImageRef image, String module, String where) {
        ServiceRequest request = byService.computeIfAbsent(image.serviceName(), s -> new ServiceRequest(s, module));
        Request incoming = new Request(image, module, where);
        if (image.isMigrationImage()) {
            request.migration = merge(request.migration, incoming);
        } else {
            request.app = merge(request.app, incoming);
        }
    }

    private Request merge(Request existing, Request incoming) {
        if (existing == null) {
            return incoming;
        }
        if (sameVersion(existing.image(), incoming.image())) {
            return existing;
        }
        if (laterVersionWins) {
            String service = incoming.image().serviceName();
            warnings.add(new PlanWarning(PlanWarning.Kind.PINNED_TWICE, service, service + ": " + incoming.image().imageName()
                    + " is pinned twice: '" + existing.image() + "' (" + existing.where() + ") and '" + incoming.image() + "' ("
                    + incoming.where() + "); the later one is deployed. Pin it once in the release to silence this."));
            return incoming;
        }
        throw new DigitctlException("Image " + incoming.image().imageName() + " is asked for twice with different versions: '"
                + existing.image() + "' (" + existing.where() + ") and '" + incoming.image() + "' (" + incoming.where()
                + "). Keep one of them.");
    }

    private static boolean sameVersion(ImageRef a, ImageRef b) {
        return java.util.Objects.equals(a.tag(), b.tag()) && java.util.Objects.equals(a.digest(), b.digest())
                && java.util.Objects.equals(a.repository(), b.repository());
    }

    List<PlanWarning> warnings() {
        return List.copyOf(warnings);
    }

    List<ServiceRequest> all() {
        return new ArrayList<>(byService.values());
    }
}
