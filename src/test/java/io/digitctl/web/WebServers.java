package io.digitctl.web;

import io.digitctl.kube.KubeConnector;
import io.digitctl.kube.TwoClusters;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Starts dashboards on a free port of 127.0.0.1 over {@link TwoClusters}, reading every 300 ms. */
final class WebServers {
    private static final Map<WebServer, String> TOKENS = new ConcurrentHashMap<>();

    private WebServers() {
    }

    static WebServer start(TwoClusters clusters, String token) {
        ServeOptions options = new ServeOptions(clusters.helm(), List.of(), new KubeConnector.Target(clusters.kubeconfig(), null),
                "127.0.0.1", 0, token, "tester", Duration.ofMillis(300), Duration.ofSeconds(20), Duration.ofMillis(50), Duration.ofMillis(200));
        WebServer server = new WebServer(options).start();
        if (token != null) {
            TOKENS.put(server, token);
        }
        return server;
    }

    static String token(WebServer server) {
        return TOKENS.get(server);
    }
}
