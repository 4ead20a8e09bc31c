package io.digitctl.kube.apply;

import io.digitctl.kube.KubeObjects;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Secrets and ConfigMaps a workload's pods cannot start without: volumes (also projected
 * ones), env values and envFrom, each unless marked {@code optional: true}. A pod that references
 * a missing one waits forever (FailedMount, CreateContainerConfigError), so a deploy checks them
 * before it writes anything.
 */
public final class ConfigReferences {
    /** A required Secret or ConfigMap, in the namespace of the pod that needs it. */
    public record Ref(String kind, String namespace, String name) {
        @Override
        public String toString() {
            return kind + " " + namespace + "/" + name;
        }
    }

    private ConfigReferences() {
    }

    public static Set<Ref> of(Map<String, Object> object) {
        Map<String, Object> podSpec = podSpec(object);
        Set<Ref> refs = new LinkedHashSet<>();
        if (podSpec == null) {
            return refs;
        }
        String namespace = String.valueOf(KubeObjects.metadata(object).get("namespace"));
        for (Map<String, Object> volume : KubeObjects.list(podSpec, "volumes")) {
            add(refs, "Secret", namespace, volume.get("secret"), "secretName");
            add(refs, "ConfigMap", namespace, volume.get("configMap"), "name");
            for (Map<String, Object> source : KubeObjects.list(volume, "projected", "sources")) {
                add(refs, "Secret", namespace, source.get("secret"), "name");
                add(refs, "ConfigMap", namespace, source.get("configMap"), "name");
            }
        }
        List<Map<String, Object>> containers = new ArrayList<>(KubeObjects.list(podSpec, "initContainers"));
        containers.addAll(KubeObjects.list(podSpec, "containers"));
        for (Map<String, Object> container : containers) {
            for (Map<String, Object> env : KubeObjects.list(container, "env")) {
                add(refs, "Secret", namespace, KubeObjects.at(env, "valueFrom", "secretKeyRef"), "name");
                add(refs, "ConfigMap", namespace, KubeObjects.at(env, "valueFrom", "configMapKeyRef"), "name");
            }
            for (Map<String, Object> from : KubeObjects.list(container, "envFrom")) {
                add(refs, "Secret", namespace, from.get("secretRef"), "name");
                add(refs, "ConfigMap", namespace, from.get("configMapRef"), "name");
            }
        }
        return refs;
    }

    private static void add(Set<Ref> refs, String kind, String namespace, Object source, String nameField) {
        if (source instanceof Map<?, ?> map && map.get(nameField) != null && !Boolean.TRUE.equals(map.get("optional"))
                && !"true".equals(String.valueOf(map.get("optional")))) {
            refs.add(new Ref(kind, namespace, String.valueOf(map.get(nameField))));
        }
    }

    /** The pod spec of a workload or pod, or null for another kind. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> podSpec(Map<String, Object> object) {
        Object spec = switch (String.valueOf(object.get("kind"))) {
            case "Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet" -> KubeObjects.at(object, "spec", "template", "spec");
            case "CronJob" -> KubeObjects.at(object, "spec", "jobTemplate", "spec", "template", "spec");
            case "Pod" -> object.get("spec");
            default -> null;
        };
        return spec instanceof Map ? (Map<String, Object>) spec : null;
    }

    /**
     * Secrets that something of the deploy will make at run time rather than apply: cert-manager
     * Certificates ({@code spec.secretName}) and Jobs that generate certificates, such as
     * ingress-nginx's kube-webhook-certgen ({@code --secret-name}).
     */
    public static Set<Ref> produced(List<Map<String, Object>> objects) {
        Set<Ref> out = new LinkedHashSet<>();
        for (Map<String, Object> o : objects) {
            String namespace = String.valueOf(KubeObjects.metadata(o).get("namespace"));
            if ("Certificate".equals(o.get("kind")) && KubeObjects.at(o, "spec", "secretName") != null) {
                out.add(new Ref("Secret", namespace, String.valueOf(KubeObjects.at(o, "spec", "secretName"))));
            }
            Map<String, Object> podSpec = podSpec(o);
            if (podSpec == null) {
                continue;
            }
            for (Map<String, Object> c : KubeObjects.list(podSpec, "containers")) {
                List<String> args = new ArrayList<>();
                if (c.get("args") instanceof List<?> l) {
                    l.forEach(a -> args.add(String.valueOf(a)));
                }
                String secretNamespace = flag(args, "--namespace");
                String secret = flag(args, "--secret-name");
                if (secret != null) {
                    // $(POD_NAMESPACE) and the like are the Job's own namespace, expanded by the kubelet
                    boolean literal = secretNamespace != null && !secretNamespace.contains("$(");
                    out.add(new Ref("Secret", literal ? secretNamespace : namespace, secret));
                }
            }
        }
        return out;
    }

    private static String flag(List<String> args, String name) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith(name + "=")) {
                return a.substring(name.length() + 1);
            }
            if (a.equals(name) && i + 1 < args.size()) {
                return args.get(i + 1);
            }
        }
        return null;
    }
}
