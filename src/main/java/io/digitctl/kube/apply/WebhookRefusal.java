package io.digitctl.kube.apply;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API server's refusal because an admission webhook could not be called: its backend has no
 * ready pod yet, or its certificate is not in place yet. Such a refusal passes once the webhook's
 * workload is up, so it is retried, unlike a refusal of the object itself.
 */
public final class WebhookRefusal {
    private static final Pattern WEBHOOK_NAME = Pattern.compile("failed calling webhook \"([^\"]+)\"");

    private WebhookRefusal() {
    }

    public static boolean is(String message) {
        return message != null && (message.contains("failed calling webhook") || message.contains("no endpoints available for service"));
    }

    /** The webhook's name from the server's message, or a placeholder when the message names none. */
    public static String webhookName(String message) {
        Matcher m = WEBHOOK_NAME.matcher(message == null ? "" : message);
        return m.find() ? m.group(1) : "(unnamed webhook)";
    }
}
