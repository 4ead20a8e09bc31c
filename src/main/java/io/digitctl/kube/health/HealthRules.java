package io.digitctl.kube.health;

import io.digitctl.kube.KubeObjects;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One rule per kind, a pure function of the live object: workloads are healthy when their latest
 * spec is rolled out and available; a Job when it has succeeded; anything else when it exists.
 */
public final class HealthRules {
    public static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job");

    private HealthRules() {
    }

    public static HealthStatus of(Map<String, Object> object) {
        String kind = String.valueOf(object.get("kind"));
        return switch (kind) {
            case "Deployment" -> deployment(object);
            case "StatefulSet" -> statefulSet(object);
            case "DaemonSet" -> daemonSet(object);
            case "Job" -> job(object);
            default -> HealthStatus.healthy("exists");
        };
    }

    private static HealthStatus notObserved(Map<String, Object> o) {
        long generation = KubeObjects.number(o, "metadata", "generation");
        long observed = KubeObjects.number(o, "status", "observedGeneration");
        return generation > 0 && observed < generation
                ? HealthStatus.progressing("Waiting for the controller to see the new spec (generation " + generation + ")") : null;
    }

    private static long replicas(Map<String, Object> o) {
        return KubeObjects.at(o, "spec", "replicas") == null ? 1 : KubeObjects.number(o, "spec", "replicas");
    }

    static HealthStatus deployment(Map<String, Object> o) {
        HealthStatus waiting = notObserved(o);
        if (waiting != null) {
            return waiting;
        }
        for (Map<String, Object> c : KubeObjects.list(o, "status", "conditions")) {
            if ("Progressing".equals(c.get("type")) && "ProgressDeadlineExceeded".equals(c.get("reason"))) {
                return HealthStatus.degraded("Rollout exceeded its progress deadline: " + c.getOrDefault("message", ""));
            }
        }
        long desired = replicas(o);
        long updated = KubeObjects.number(o, "status", "updatedReplicas");
        long total = KubeObjects.number(o, "status", "replicas");
        long available = KubeObjects.number(o, "status", "availableReplicas");
        if (updated < desired) {
            return HealthStatus.progressing(updated + " of " + desired + " replicas updated");
        }
        if (total > updated) {
            return HealthStatus.progressing((total - updated) + " old replicas are pending termination");
        }
        if (available < updated) {
            return HealthStatus.progressing(available + " of " + updated + " updated replicas available");
        }
        return HealthStatus.healthy(available + " of " + desired + " replicas available");
    }

    static HealthStatus statefulSet(Map<String, Object> o) {
        HealthStatus waiting = notObserved(o);
        if (waiting != null) {
            return waiting;
        }
        long desired = replicas(o);
        long ready = KubeObjects.number(o, "status", "readyReplicas");
        if (ready < desired) {
            return HealthStatus.progressing(ready + " of " + desired + " replicas ready");
        }
        Object update = KubeObjects.at(o, "status", "updateRevision");
        Object current = KubeObjects.at(o, "status", "currentRevision");
        if (update != null && !update.equals(current)) {
            return HealthStatus.progressing("Waiting for the update to revision " + update + " to finish");
        }
        return HealthStatus.healthy(ready + " of " + desired + " replicas ready");
    }

    static HealthStatus daemonSet(Map<String, Object> o) {
        HealthStatus waiting = notObserved(o);
        if (waiting != null) {
            return waiting;
        }
        long desired = KubeObjects.number(o, "status", "desiredNumberScheduled");
        long updated = KubeObjects.number(o, "status", "updatedNumberScheduled");
        long available = KubeObjects.number(o, "status", "numberAvailable");
        if (updated < desired) {
            return HealthStatus.progressing(updated + " of " + desired + " pods updated");
        }
        if (available < desired) {
            return HealthStatus.progressing(available + " of " + desired + " updated pods available");
        }
        return HealthStatus.healthy(available + " of " + desired + " pods available");
    }

    static HealthStatus job(Map<String, Object> o) {
        for (Map<String, Object> c : KubeObjects.list(o, "status", "conditions")) {
            if ("True".equals(String.valueOf(c.get("status")))) {
                if ("Failed".equals(c.get("type"))) {
                    return HealthStatus.degraded("Job failed: " + c.getOrDefault("reason", "") + " " + c.getOrDefault("message", ""));
                }
                if ("Complete".equals(c.get("type"))) {
                    return HealthStatus.healthy("Job completed");
                }
            }
        }
        return HealthStatus.progressing("Job running: " + KubeObjects.number(o, "status", "succeeded") + " succeeded, "
                + KubeObjects.number(o, "status", "failed") + " failed");
    }

    /** Pods whose containers cannot start, as one message per pod; empty when there is no problem. */
    public static List<String> podProblems(List<Map<String, Object>> pods) {
        List<String> problems = new java.util.ArrayList<>();
        for (Map<String, Object> pod : pods) {
            String name = String.valueOf(KubeObjects.at(pod, "metadata", "name"));
            for (Map<String, Object> s : KubeObjects.list(pod, "status", "initContainerStatuses")) {
                String problem = containerProblem(s, true);
                if (problem != null) {
                    problems.add("pod " + name + ": init container " + s.get("name") + " " + problem);
                }
            }
            boolean podFailed = "Failed".equals(KubeObjects.at(pod, "status", "phase"));
            for (Map<String, Object> s : KubeObjects.list(pod, "status", "containerStatuses")) {
                String problem = containerProblem(s, podFailed);
                if (problem != null) {
                    problems.add("pod " + name + ": container " + s.get("name") + " " + problem);
                }
            }
        }
        return problems;
    }

    /**
     * Pods that wait on a volume, from their events: the kubelet reports a missing Secret or
     * ConfigMap of a volume only as a {@code FailedMount} event, while the pod stays
     * ContainerCreating.
     */
    public static List<String> volumeProblems(List<Map<String, Object>> pods, List<Map<String, Object>> events) {
        Set<String> names = new java.util.HashSet<>();
        for (Map<String, Object> pod : pods) {
            if (!"Running".equals(KubeObjects.at(pod, "status", "phase")) && !"Succeeded".equals(KubeObjects.at(pod, "status", "phase"))) {
                names.add(String.valueOf(KubeObjects.at(pod, "metadata", "name")));
            }
        }
        java.util.Map<String, String> latest = new java.util.TreeMap<>();
        for (Map<String, Object> event : events) {
            Object reason = event.get("reason");
            if (("FailedMount".equals(reason) || "FailedAttachVolume".equals(reason))
                    && "Pod".equals(KubeObjects.at(event, "involvedObject", "kind"))
                    && names.contains(String.valueOf(KubeObjects.at(event, "involvedObject", "name")))) {
                latest.put(String.valueOf(KubeObjects.at(event, "involvedObject", "name")), reason + " (" + event.get("message") + ")");
            }
        }
        List<String> problems = new java.util.ArrayList<>();
        latest.forEach((pod, problem) -> problems.add("pod " + pod + ": " + problem));
        return problems;
    }

    private static final Set<String> STUCK = Set.of("ImagePullBackOff", "ErrImagePull", "CrashLoopBackOff", "CreateContainerConfigError",
            "CreateContainerError", "InvalidImageName", "RunContainerError");

    /** {@code terminal}: an init container, or a container of a pod that has failed, whose non-zero exit is final. */
    private static String containerProblem(Map<String, Object> status, boolean terminal) {
        Object reason = KubeObjects.at(status, "state", "waiting", "reason");
        if (reason != null && STUCK.contains(String.valueOf(reason))) {
            Object message = KubeObjects.at(status, "state", "waiting", "message");
            return reason + (message == null ? "" : " (" + message + ")");
        }
        if (terminal) {
            Object exit = KubeObjects.at(status, "state", "terminated", "exitCode");
            if (exit != null && !"0".equals(String.valueOf(exit))) {
                Object r = KubeObjects.at(status, "state", "terminated", "reason");
                return "failed with exit code " + exit + (r == null ? "" : " (" + r + ")");
            }
            Object last = KubeObjects.at(status, "lastState", "terminated", "exitCode");
            if (last != null && !"0".equals(String.valueOf(last)) && KubeObjects.number(status, "restartCount") > 0) {
                return "keeps failing: last exit code " + last + ", " + KubeObjects.number(status, "restartCount") + " restarts";
            }
        }
        return null;
    }
}
