package io.digitctl.web;

import io.digitctl.action.Actor;
import io.digitctl.action.ApplyOptions;
import io.digitctl.action.ClusterQueries;
import io.digitctl.action.DeployAction;
import io.digitctl.action.DeployRequest;
import io.digitctl.action.DeployResult;
import io.digitctl.action.ServiceOutcome;
import io.digitctl.event.ProgressListener;
import io.digitctl.render.ServiceRender;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Actions started from the page: each runs on its own thread as {@code web:<token label>}, takes
 * the environment's lock as the CLI does (inside the action), and streams the lines the CLI would
 * print from its {@link ProgressListener} to the page's event stream.
 */
final class WebActions implements AutoCloseable {
    /** One action: what, where, its lines so far, and how it ended. */
    static final class Job implements ProgressListener {
        final String id;
        final String kind;
        final String environment;
        final String what;
        final String who;
        final String startedAt = Instant.now().toString();
        private final List<String> lines = new ArrayList<>();
        private final Events events;
        private volatile String state = "running";
        private volatile String finishedAt;

        Job(String kind, String environment, String what, String who, Events events) {
            this.id = Instant.now().toString().replaceAll("[^0-9]", "").substring(0, 14) + "-" + UUID.randomUUID().toString().substring(0, 6);
            this.kind = kind;
            this.environment = environment;
            this.what = what;
            this.who = who;
            this.events = events;
        }

        synchronized void line(String line) {
            lines.add(line);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("id", id);
            event.put("line", line);
            event.put("state", state);
            events.publish("progress", Views.json(event));
        }

        @Override
        public void info(String message) {
            line(message);
        }

        @Override
        public void warn(String message) {
            line("warning: " + message);
        }

        @Override
        public void serviceRendered(ServiceRender result) {
            if (result instanceof ServiceRender.Failed) {
                line(String.format("  FAILED   %s (%d ms)", result.service(), result.millis()));
            }
        }

        @Override
        public void serviceState(String service, String state, String detail, long elapsedMillis) {
            line(String.format("  %-28s %-12s %6.1fs  %s", service, state, elapsedMillis / 1000.0, detail == null ? "" : detail));
        }

        void finish(String endState, List<String> summary) {
            summary.forEach(this::line);
            finishedAt = Instant.now().toString();
            state = endState;
            line(kind + " " + endState + ".");
        }

        synchronized Map<String, Object> view() {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", id);
            v.put("kind", kind);
            v.put("environment", environment);
            v.put("what", what);
            v.put("who", who);
            v.put("state", state);
            v.put("startedAt", startedAt);
            v.put("finishedAt", finishedAt);
            v.put("lines", List.copyOf(lines));
            return v;
        }
    }

    private final ServeOptions options;
    private final Events events;
    private final Dashboard dashboard;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "serve-action");
        t.setDaemon(true);
        return t;
    });

    WebActions(ServeOptions options, Events events, Dashboard dashboard) {
        this.options = options;
        this.events = events;
        this.dashboard = dashboard;
    }

    List<Map<String, Object>> list() {
        return jobs.values().stream().map(Job::view).sorted((a, b) -> String.valueOf(b.get("id")).compareTo(String.valueOf(a.get("id")))).toList();
    }

    Job job(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw new HttpError(404, "No action " + id + " was started from this page since the server started.");
        }
        return job;
    }

    Job rollback(String who, String environment, String service, Integer revision) {
        dashboard.environment(environment);
        Job job = new Job("rollback", environment, service + (revision == null ? "" : " to revision " + revision), who, events);
        start(job, () -> {
            ServiceOutcome outcome = new ClusterQueries(job).rollback(options.helmDir(), environment, service, revision, applyOptions(1));
            return new Ending(outcome.result() == ServiceOutcome.Result.ROLLED_BACK, List.of(summary(outcome)));
        });
        return job;
    }

    Job redeploy(String who, String environment, String product, String version) {
        dashboard.environment(environment);
        if (dashboard.tree() == null) {
            throw new HttpError(409, "A redeploy needs the deploy-as-code tree: start serve with --helm-dir.");
        }
        Job job = new Job("redeploy", environment, "release " + product + " " + version, who, events);
        DeployRequest request = new DeployRequest(options.helmDir(), environment, List.of(), product, version, List.of(), false, null,
                Runtime.getRuntime().availableProcessors(), false, null, false);
        start(job, () -> {
            DeployResult result = new DeployAction(job).run(request, applyOptions(4));
            List<String> summary = new ArrayList<>(result.services().stream().map(WebActions::summary).toList());
            summary.add("deploy " + result.deployId());
            return new Ending(result.ok(), summary);
        });
        return job;
    }

    private record Ending(boolean ok, List<String> summary) {
    }

    private void start(Job job, Supplier<Ending> work) {
        jobs.put(job.id, job);
        job.line(job.kind + " of " + job.what + " in " + job.environment + ", as " + job.who);
        runner.submit(() -> {
            try {
                Ending end = Actor.as(job.who, work);
                job.finish(end.ok() ? "succeeded" : "failed", end.summary());
            } catch (RuntimeException e) {
                job.finish("failed", List.of("error: " + e.getMessage()));
            } finally {
                dashboard.refresh(job.environment);
            }
        });
    }

    private static String summary(ServiceOutcome o) {
        return String.format("%-28s %-14s %s", o.service(), o.result().name().toLowerCase().replace('_', ' '), o.reason() == null ? "" : o.reason());
    }

    private ApplyOptions applyOptions(int parallel) {
        return new ApplyOptions(options.target(), options.timeout(), options.poll(), options.problemGrace(), parallel, false, false, false);
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
