package io.digitctl.kube;

import io.digitctl.model.DigitctlException;
import io.digitctl.model.ResourceKey;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.Map;

/** Client errors as messages that name the object and carry the server's own words. */
public final class KubeErrors {
    private KubeErrors() {
    }

    @SuppressWarnings("unchecked")
    static DigitctlException describe(String what, Object subject, String server, KubernetesClientException e) {
        String object = subject instanceof Map<?, ?> map ? KubeObjects.key((Map<String, Object>) map).toString()
                : subject instanceof ResourceKey key ? key.toString() : null;
        String serverMessage = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : rootMessage(e);
        String prefix = "Cannot " + what + (object == null ? "" : " " + object);
        if (e.getCode() == 0) {
            return new DigitctlException(prefix + ": the API server at " + server + " cannot be reached (" + serverMessage + ").", e);
        }
        if (e.getCode() == 401 || e.getCode() == 403) {
            return new DigitctlException(prefix + ": the API server refused access (" + e.getCode() + ": " + serverMessage
                    + "). Check the credentials and permissions of your kubeconfig context.", e);
        }
        if (e.getCode() >= 400 && e.getCode() < 500) {
            return new DigitctlException(prefix + ": the API server rejected it (" + e.getCode() + "): " + serverMessage, e);
        }
        return new DigitctlException(prefix + ": the API server failed (" + e.getCode() + "): " + serverMessage
                + ". It was retried; try again later.", e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
