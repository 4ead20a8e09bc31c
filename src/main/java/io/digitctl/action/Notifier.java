package io.digitctl.action;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitctl.event.ProgressListener;
import io.digitctl.tree.Environment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Tells chat webhooks and other listeners that a deploy, promote or rollback started and how it
 * ended: one JSON POST each, with a {@code text} field that Slack and Mattermost display. A
 * notification that cannot be delivered is a warning, never a failure of what it reports.
 */
public final class Notifier {
    /** One service in a notification: its tag before and after, and (at the end) its result. */
    public record Change(String service, String before, String after, String result, String reason) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final List<String> urls;
    private final ProgressListener progress;
    private final String action;
    private final String environment;
    private final String release;
    private final long start = System.nanoTime();
    private final String startedAt = Instant.now().toString();

    public Notifier(List<String> urls, ProgressListener progress, String action, String environment, String release) {
        this.urls = List.copyOf(urls);
        this.progress = progress;
        this.action = action;
        this.environment = environment;
        this.release = release;
    }

    /** The URLs given on the command line, then those of {@code digitctl.notify} in the env file (a URL or a list). */
    public static List<String> urls(List<String> given, Environment env) {
        LinkedHashSet<String> out = new LinkedHashSet<>(given == null ? List.of() : given);
        if (env != null && env.values().get("digitctl") instanceof Map<?, ?> own && own.get("notify") != null) {
            Object notify = own.get("notify");
            if (notify instanceof List<?> list) {
                list.forEach(u -> out.add(String.valueOf(u)));
            } else {
                out.add(String.valueOf(notify));
            }
        }
        return List.copyOf(out);
    }

    public boolean enabled() {
        return !urls.isEmpty();
    }

    public void started(List<Change> changes) {
        Map<String, Object> body = body("started", changes);
        body.put("text", "digitctl " + action + " to " + environment + (release == null ? "" : " (" + release + ")") + " started: "
                + changes.size() + " service" + (changes.size() == 1 ? "" : "s") + summary(changes, false));
        post(body);
    }

    /** The end: {@code result} is {@code succeeded} or {@code failed}; {@code failures} says why, by service or for the whole run. */
    public void finished(String result, String deployId, List<Change> changes, List<String> failures) {
        Map<String, Object> body = body("finished", changes);
        long seconds = Math.round((System.nanoTime() - start) / 1e9);
        body.put("result", result);
        body.put("deployId", deployId);
        body.put("failures", failures);
        body.put("durationSeconds", seconds);
        body.put("text", "digitctl " + action + " to " + environment + (release == null ? "" : " (" + release + ")") + " "
                + result.toUpperCase() + " in " + seconds + "s" + (deployId == null ? "" : " (deploy " + deployId + ")") + ":"
                + summary(changes, true) + (failures.isEmpty() ? "" : "\nFailures: " + String.join("; ", failures)));
        post(body);
    }

    private Map<String, Object> body(String event, List<Change> changes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event);
        body.put("action", action);
        body.put("environment", environment);
        body.put("release", release);
        body.put("startedAt", startedAt);
        List<Map<String, Object>> services = new ArrayList<>();
        for (Change c : changes) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("service", c.service());
            s.put("before", c.before());
            s.put("after", c.after());
            if (c.result() != null) {
                s.put("result", c.result());
            }
            if (c.reason() != null) {
                s.put("reason", c.reason());
            }
            services.add(s);
        }
        body.put("services", services);
        return body;
    }

    private static String summary(List<Change> changes, boolean results) {
        StringBuilder out = new StringBuilder();
        for (Change c : changes) {
            out.append("\n• ").append(c.service()).append(": ").append(c.before() == null ? "(new)" : c.before()).append(" → ")
                    .append(c.after() == null ? "?" : c.after());
            if (results && c.result() != null) {
                out.append(" ").append(c.result());
            }
        }
        return out.toString();
    }

    private void post(Map<String, Object> body) {
        if (urls.isEmpty()) {
            return;
        }
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        for (String url : urls) {
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 != 2) {
                    progress.warn("notification to " + redacted(url) + " was refused (HTTP " + response.statusCode() + "); the "
                            + action + " goes on");
                }
            } catch (IOException | IllegalArgumentException e) {
                progress.warn("notification to " + redacted(url) + " could not be delivered (" + e.getMessage() + "); the "
                        + action + " goes on");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                progress.warn("notification to " + redacted(url) + " was interrupted");
            }
        }
    }

    /** Webhook URLs hold their secret in the path: only the scheme and host are shown. */
    static String redacted(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + "/…";
        } catch (IllegalArgumentException e) {
            return "(a malformed URL)";
        }
    }
}
