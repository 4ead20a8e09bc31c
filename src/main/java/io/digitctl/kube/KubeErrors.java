package io.digitctl.kube;

import io.digitctl.model.ResourceKey;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.Map;

/**
 * Client errors as typed {@link KubeException}s whose messages name the object and carry the
 * server's own words. The type is decided by the HTTP code, never by the text of a message.
 */
public final class KubeErrors {
    private KubeErrors() {
    }

    @SuppressWarnings("unchecked")
    static KubeException describe(String what, Object subject, String server, KubernetesClientException e) {
        String object = subject instanceof Map<?, ?> map ? KubeObjects.key((Map<String, Object>) map).toString()
                : subject instanceof ResourceKey key ? key.toString() : null;
        String serverMessage = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : rootMessage(e);
        String prefix = "Cannot " + what + (object == null ? "" : " " + object);
        int code = e.getCode();
        if (Retry.interrupted(e)) {
            return new KubeException.Unreachable(prefix + ": interrupted before the API server answered.", "interrupted", e);
        }
        if (code <= 0) {
            return new KubeException.Unreachable(prefix + ": the API server at " + server + " cannot be reached (" + serverMessage + ").",
                    serverMessage, e);
        }
        if (code == 401 || code == 403) {
            return new KubeException.Forbidden(prefix + ": the API server refused access (" + code + ": " + serverMessage
                    + "). Check the credentials and permissions of your kubeconfig context.", code, serverMessage, e);
        }
        if (code == 404) {
            return new KubeException.NotFound(prefix + ": not found (404): " + serverMessage, serverMessage, e);
        }
        if (code == 409) {
            return new ClusterGateway.ConflictException(prefix + ": " + (what.startsWith("create") ? "it exists already"
                    : "it changed since it was read") + " (409 Conflict: " + serverMessage + ")", serverMessage, e);
        }
        if (code >= 400 && code < 500 && code != 429) {
            return new KubeException.Rejected(prefix + ": the API server rejected it (" + code + "): " + serverMessage, code, serverMessage, e);
        }
        return new KubeException.ServerError(prefix + ": the API server failed (" + code + "): " + serverMessage
                + ". It was retried; try again later.", code, serverMessage, e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
