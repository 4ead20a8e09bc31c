package io.digitctl.web;

import io.digitctl.model.DigitctlException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code digitctl serve}: Jetty 12's core server (no servlet layer) on the one address it is
 * told, the bundled page under {@code /}, the JSON API under {@code /api/}, and server-sent
 * events under {@code /api/events}. Reads need nothing; actions need {@code --allow-actions} and
 * the bearer token, and POST.
 */
public final class WebServer implements AutoCloseable {
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html", "/index.html", "index.html", "/assets/app.js", "app.js", "/assets/app.css", "app.css");

    private final ServeOptions options;
    private final Events events = new Events();
    private final Dashboard dashboard;
    private final WebActions actions;
    private final ActionGate gate;
    private final Api api;
    private final Server server;
    private final ServerConnector connector;
    private volatile boolean stopping;

    public WebServer(ServeOptions options) {
        this.options = options;
        this.dashboard = new Dashboard(options, events);
        this.actions = new WebActions(options, events, dashboard);
        this.gate = new ActionGate(options.token(), options.tokenLabel());
        this.api = new Api(dashboard, actions);
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("serve-http");
        threads.setDaemon(true);
        this.server = new Server(threads);
        this.connector = new ServerConnector(server, 1, 1);
        connector.getConnectionFactory(org.eclipse.jetty.server.HttpConnectionFactory.class).getHttpConfiguration().setSendServerVersion(false);
        connector.setHost(options.host());
        connector.setPort(options.port());
        server.addConnector(connector);
        server.setHandler(new Router());
        server.setStopTimeout(2000);
    }

    /** Starts listening and reading the clusters; returns once the port is bound. */
    public WebServer start() {
        try {
            return listen();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private WebServer listen() {
        if (dashboard.environments().isEmpty()) {
            throw new DigitctlException("No environments to show: " + (options.helmDir() == null ? "give --helm-dir" : "the tree "
                    + options.helmDir() + " has no environments/*.yaml") + ", or name them with --env.");
        }
        try {
            server.start();
        } catch (IOException e) {
            throw new DigitctlException("Cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage()
                    + ". Choose another address with --listen HOST:PORT.");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        dashboard.start();
        return this;
    }

    /** A new random token for --allow-actions. */
    public static String newToken() {
        return ActionGate.newToken();
    }

    /** The environments shown, in column order. */
    public java.util.List<String> environments() {
        return dashboard.environments();
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String url() {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return "http://" + host + ":" + port() + "/";
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        stopping = true;
        try {
            server.stop();
        } catch (Exception ignored) {
            // stopping anyway
        }
        actions.close();
        dashboard.close();
    }

    private final class Router extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            String method = request.getMethod();
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.getHeaders().put("X-Frame-Options", "DENY");
            response.getHeaders().put("Referrer-Policy", "no-referrer");
            response.getHeaders().put("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'none'");
            response.getHeaders().put("Cache-Control", "no-store");
            try {
                requireLocalHost(request);
                if (ASSETS.containsKey(path)) {
                    requireReadOnly(method);
                    asset(ASSETS.get(path), response, callback);
                } else if (path.equals("/api/events")) {
                    requireReadOnly(method);
                    stream(response, callback);
                } else if (path.startsWith("/api/actions/") && !path.substring("/api/actions/".length()).matches("[0-9]{14}-[0-9a-f]{6}")) {
                    action(path.substring("/api/actions/".length()), method, request, response, callback);
                } else if (path.startsWith("/api/")) {
                    requireReadOnly(method);
                    send(response, callback, 200, api.get(path, Request.extractQueryParameters(request)));
                } else {
                    throw new HttpError(404, "Nothing at " + path + ". The page is at /, the API under /api/.");
                }
            } catch (HttpError e) {
                drain(request);
                error(response, callback, e.status(), e.getMessage());
            } catch (DigitctlException e) {
                error(response, callback, 502, e.getMessage());
            } catch (RuntimeException | IOException e) {
                error(response, callback, 500, "Internal error: " + e);
            }
            return true;
        }
    }

    private void action(String name, String method, Request request, Response response, Callback callback) throws IOException {
        if (!method.equals("POST")) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            throw new HttpError(405, "Actions are POST requests with the bearer token.");
        }
        switch (gate.check(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            case OFF -> throw new HttpError(403, "Not allowed: actions are off. Start digitctl serve with --allow-actions to enable them.");
            case NO_TOKEN -> {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
                throw new HttpError(401, "Not allowed: this action needs the token that digitctl serve printed at start"
                        + " (or DIGITCTL_SERVE_TOKEN), sent as 'Authorization: Bearer <token>'.");
            }
            case ALLOWED -> {
                String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
                if (type == null || !type.toLowerCase().startsWith("application/json")) {
                    throw new HttpError(415, "Actions take a JSON body (Content-Type: application/json).");
                }
                if (request.getLength() > 65536) {
                    throw new HttpError(413, "An action's body is a small JSON object.");
                }
                Map<String, Object> body = parse(Content.Source.asString(request, StandardCharsets.UTF_8));
                WebActions.Job job = switch (name) {
                    case "rollback" -> actions.rollback(gate.actor(), required(body, "environment"), required(body, "service"),
                            body.get("revision") == null ? null : number(body.get("revision")));
                    case "redeploy" -> actions.redeploy(gate.actor(), required(body, "environment"), required(body, "product"),
                            required(body, "version"));
                    default -> throw new HttpError(404, "No action " + name + "; there are rollback and redeploy.");
                };
                send(response, callback, 202, job.view());
            }
        }
    }

    /**
     * On a loopback address, only requests naming a loopback host are answered, so that a web site
     * cannot read the dashboard through a DNS name rebound to 127.0.0.1.
     */
    private void requireLocalHost(Request request) {
        if (!loopback(options.host())) {
            return;
        }
        String host = request.getHttpURI().getHost();
        if (host == null || !loopback(host.replaceAll("^\\[(.*)]$", "$1"))) {
            throw new HttpError(421, "This dashboard listens on " + options.host() + " and answers only requests to localhost, 127.0.0.1 or [::1].");
        }
    }

    private static boolean loopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
    }

    /** Reads what is left of a small refused body, so that the connection stays usable for the next request. */
    private static void drain(Request request) {
        if (!request.getMethod().equals("GET") && request.getLength() <= 65536) {
            try {
                Content.Source.consumeAll(request);
            } catch (IOException | RuntimeException ignored) {
                // the connection closes instead
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String body) {
        try {
            Object value = Views.JSON.readValue(body, Object.class);
            if (value instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        } catch (IOException e) {
            // below
        }
        throw new HttpError(400, "The body is not a JSON object.");
    }

    private static String required(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value == null || value.toString().isBlank()) {
            throw new HttpError(400, "The body needs '" + field + "'.");
        }
        return value.toString();
    }

    private static int number(Object value) {
        try {
            return Integer.parseInt(value.toString());
        } catch (NumberFormatException e) {
            throw new HttpError(400, "'revision' must be a number, not '" + value + "'.");
        }
    }

    private static void requireReadOnly(String method) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new HttpError(405, method + " is not allowed here; this is read-only (GET).");
        }
    }

    private static void asset(String name, Response response, Callback callback) throws IOException {
        try (InputStream in = WebServer.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new HttpError(404, "The page asset " + name + " is missing from the jar.");
            }
            String type = name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css" : "text/html";
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type + "; charset=utf-8");
            Content.Sink.write(response, true, new String(in.readAllBytes(), StandardCharsets.UTF_8), callback);
        }
    }

    private void stream(Response response, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        BlockingQueue<Events.Event> queue = events.open();
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            write(out, new Events.Event("overview", Views.json(dashboard.overview())));
            int idle = 0;
            while (!stopping) {
                Events.Event event = queue.poll(1, TimeUnit.SECONDS);
                if (event != null) {
                    write(out, event);
                    idle = 0;
                } else if (++idle >= 15) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    idle = 0;
                }
            }
            callback.succeeded();
        } catch (IOException | RuntimeException e) {
            // the page went away
            callback.failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        } finally {
            events.close(queue);
        }
    }

    private static void write(OutputStream out, Events.Event event) throws IOException {
        out.write(("event: " + event.name() + "\ndata: " + event.data() + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void send(Response response, Callback callback, int status, Object body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        Content.Sink.write(response, true, Views.json(body), callback);
    }

    private static void error(Response response, Callback callback, int status, String message) {
        send(response, callback, status, Map.of("error", message == null ? "" : message));
    }

}
