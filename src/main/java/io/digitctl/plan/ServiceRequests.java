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
 * the same chart, and the same service asked for twice is merged (or refused if the tags differ).
 */
final class ServiceRequests {

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

    private static Request merge(Request existing, Request incoming) {
        if (existing == null) {
            return incoming;
        }
        if (sameVersion(existing.image(), incoming.image())) {
            return existing;
        }
        throw new DigitctlException("Image " + incoming.image().imageName() + " is asked for twice with different versions: '"
                + existing.image() + "' (" + existing.where() + ") and '" + incoming.image() + "' (" + incoming.where()
                + "). Keep one of them.");
    }

    private static boolean sameVersion(ImageRef a, ImageRef b) {
        return java.util.Objects.equals(a.tag(), b.tag()) && java.util.Objects.equals(a.digest(), b.digest())
                && java.util.Objects.equals(a.repository(), b.repository());
    }

    List<ServiceRequest> all() {
        return new ArrayList<>(byService.values());
    }
}
