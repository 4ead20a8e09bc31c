package io.digitctl.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitctl.action.ClusterQueries;
import io.digitctl.kube.ledger.DeployRecord;
import io.digitctl.kube.ledger.Revision;
import io.digitctl.model.ImageRef;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON objects of the API: the same fields as the CLI's {@code --output json}. A revision is
 * shown without its recorded objects; nothing here carries a Secret value.
 */
final class Views {
    static final ObjectMapper JSON = new ObjectMapper();

    private Views() {
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As {@code digitctl status --output json} prints each service. */
    static Map<String, Object> status(ClusterQueries.ServiceStatus s) {
        return s.asJson();
    }

    /** A service's status with the tag of the image it runs, as the overview and an environment's page show it. */
    static Map<String, Object> statusWithTag(ClusterQueries.ServiceStatus s) {
        Map<String, Object> item = status(s);
        item.put("tag", tag(s.image()));
        return item;
    }

    /** The tag of an image as the status shows it ({@code -} when there is none). */
    static String tag(String image) {
        if (image == null || image.equals("-")) {
            return "-";
        }
        try {
            ImageRef ref = ImageRef.parse(image);
            return ref.tagOrDigest().orElse("latest");
        } catch (RuntimeException e) {
            return image;
        }
    }

    static Map<String, Object> revision(Revision r) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("environment", r.environment());
        item.put("service", r.service());
        item.put("revision", r.number());
        item.put("status", r.status().name().toLowerCase());
        item.put("image", r.image());
        item.put("tag", r.tag());
        item.put("chart", r.chart());
        item.put("who", r.user() + "@" + r.host());
        item.put("startedAt", r.startedAt());
        item.put("finishedAt", r.finishedAt());
        item.put("message", r.message());
        item.put("deployId", r.deployId());
        item.put("objects", r.manifests().size());
        return item;
    }

    static Map<String, Object> deploy(DeployRecord d) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("deployId", d.deployId());
        item.put("description", d.description());
        item.put("who", d.user() + "@" + d.host());
        item.put("startedAt", d.startedAt());
        item.put("finishedAt", d.finishedAt());
        item.put("result", d.result());
        item.put("services", d.services());
        return item;
    }
}
