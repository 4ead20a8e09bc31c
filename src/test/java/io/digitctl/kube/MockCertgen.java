package io.digitctl.kube;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.digitctl.kube.MockObjects.*;

/** What the ingress-nginx admission Jobs (kube-webhook-certgen) do when they run. */
final class MockCertgen {
    private final MockStore store;

    MockCertgen(MockStore store) {
        this.store = store;
    }

    /**
     * What kube-webhook-certgen does when its Job runs: {@code create} stores the certificate Secret,
     * {@code patch} puts its CA into the webhook configuration. Null on success, else why the Job fails.
     */
    String run(Map<String, Object> job, Map<String, Object> template) {
        Map<String, Object> container = firstContainer(template);
        if (!String.valueOf(container.get("image")).contains("kube-webhook-certgen")) {
            return null;
        }
        List<String> args = new ArrayList<>();
        for (String field : List.of("command", "args")) {
            Object v = container.get(field);
            if (v instanceof List<?> list) {
                list.forEach(a -> args.add(expand(String.valueOf(a), container, job)));
            }
        }
        Map<String, String> flags = flags(args);
        String secretName = flags.get("secret-name");
        String namespace = flags.getOrDefault("namespace", namespace(job));
        String secretPath = "/api/v1/namespaces/" + namespace + "/secrets/" + secretName;
        if (args.contains("create") && secretName != null) {
            if (store.get(secretPath) == null) {
                Map<String, Object> data = new LinkedHashMap<>();
                for (String key : List.of("ca", "cert", "key")) {
                    data.put(key, Base64.getEncoder().encodeToString(("mock " + key + " of " + secretName).getBytes(StandardCharsets.UTF_8)));
                }
                store.create("/api/v1/namespaces/" + namespace + "/secrets",
                        Map.of("apiVersion", "v1", "kind", "Secret", "type", "Opaque", "metadata", Map.of("name", secretName, "namespace", namespace), "data", data));
            }
            return null;
        }
        if (args.contains("patch") && secretName != null) {
            Map<String, Object> secret = store.get(secretPath);
            if (secret == null) {
                return "secret " + secretName + " not found";
            }
            String ca = String.valueOf(KubeObjects.at(secret, "data", "ca"));
            String webhook = flags.get("webhook-name");
            List<String> kinds = new ArrayList<>();
            if (!"false".equals(flags.getOrDefault("patch-validating", "true"))) {
                kinds.add("validatingwebhookconfigurations");
            }
            if (!"false".equals(flags.getOrDefault("patch-mutating", "true"))) {
                kinds.add("mutatingwebhookconfigurations");
            }
            boolean patched = false;
            for (String kind : kinds) {
                String path = "/apis/admissionregistration.k8s.io/v1/" + kind + "/" + webhook;
                Map<String, Object> config = store.get(path);
                if (config == null) {
                    continue;
                }
                List<Object> webhooks = new ArrayList<>();
                for (Map<String, Object> w : KubeObjects.list(config, "webhooks")) {
                    Map<String, Object> copy = KubeObjects.copy(w);
                    Map<String, Object> client = new LinkedHashMap<>(map(copy.get("clientConfig")));
                    client.put("caBundle", ca);
                    copy.put("clientConfig", client);
                    if (flags.containsKey("patch-failure-policy") && !flags.get("patch-failure-policy").isEmpty()) {
                        copy.put("failurePolicy", flags.get("patch-failure-policy"));
                    }
                    webhooks.add(copy);
                }
                config.put("webhooks", webhooks);
                store.update(path, config);
                patched = true;
            }
            return patched ? null : "webhook configuration " + webhook + " not found";
        }
        return null;
    }

    /** {@code --key=value} and {@code --key value}. */
    static Map<String, String> flags(List<String> args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                continue;
            }
            String body = a.substring(2);
            if (body.contains("=")) {
                flags.put(body.substring(0, body.indexOf('=')), body.substring(body.indexOf('=') + 1));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                flags.put(body, args.get(++i));
            } else {
                flags.put(body, "true");
            }
        }
        return flags;
    }

    /** $(VAR) from the container's env: plain values and the pod's own namespace and name. */
    static String expand(String arg, Map<String, Object> container, Map<String, Object> job) {
        String out = arg;
        for (Map<String, Object> env : KubeObjects.list(container, "env")) {
            String token = "$(" + env.get("name") + ")";
            if (!out.contains(token)) {
                continue;
            }
            Object fieldPath = KubeObjects.at(env, "valueFrom", "fieldRef", "fieldPath");
            String value = env.get("value") != null ? String.valueOf(env.get("value"))
                    : "metadata.namespace".equals(fieldPath) ? namespace(job)
                    : "metadata.name".equals(fieldPath) ? name(job) : null;
            if (value != null) {
                out = out.replace(token, value);
            }
        }
        return out;
    }
}
