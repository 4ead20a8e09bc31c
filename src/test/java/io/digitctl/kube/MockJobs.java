package io.digitctl.kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.digitctl.kube.MockObjects.*;

/**
 * The Job controller: after the rollout time one pod; a pod that cannot start keeps the Job active;
 * otherwise the Job completes, or fails with BackoffLimitExceeded when its image is marked to fail
 * or when what it does (see {@link MockCertgen}) fails.
 */
final class MockJobs {
    private final MockStore store;
    private final MockPods kubelet;
    private final MockPodWriter pods;
    private final MockDelays delays;
    private final MockCluster settings;
    private final MockCertgen certgen;

    MockJobs(MockStore store, MockPods kubelet, MockPodWriter pods, MockDelays delays, MockCluster settings) {
        this.store = store;
        this.kubelet = kubelet;
        this.pods = pods;
        this.delays = delays;
        this.settings = settings;
        this.certgen = new MockCertgen(store);
    }

    void job(Map<String, Object> job, Map<String, List<Map<String, Object>>> podsByOwner) {
        if (isTrue(job, "Complete") || isTrue(job, "Failed")) {
            return;
        }
        if (!delays.due("jobs/" + uid(job), settings.rolloutMillis())) {
            return;
        }
        String namespace = namespace(job);
        String name = name(job);
        Map<String, Object> template = map(KubeObjects.at(job, "spec", "template"));
        List<Map<String, Object>> owned = podsByOwner.getOrDefault(uid(job), List.of());
        Map<String, Object> pod = owned.isEmpty() ? null : owned.get(0);
        if (pod == null && !pods.serviceAccountExists(map(template.get("spec")), namespace)) {
            return;
        }
        MockPods.Start start = kubelet.evaluate(map(template.get("spec")), namespace);
        String failure = null;
        if (start.ready()) {
            String image = String.valueOf(firstContainer(template).get("image"));
            failure = settings.failingJobImages().stream().anyMatch(image::contains) ? "the image is marked to fail" : certgen.run(job, template);
        }
        Map<String, Object> podStatus = start.ready() ? finished(start.status(), template, failure == null) : start.status();
        if (pod == null) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("batch.kubernetes.io/controller-uid", uid(job));
            labels.put("batch.kubernetes.io/job-name", name);
            labels.put("controller-uid", uid(job));
            labels.put("job-name", name);
            pod = pods.createPod(namespace, name + "-" + hash(name + uid(job), 5), template, labels, "Job", name, uid(job),
                    new MockPods.Start(start.ready(), podStatus, start.mountFailures()));
            if (pod == null) {
                return;
            }
        } else {
            pods.setPodStatus(pod, new MockPods.Start(start.ready(), podStatus, start.mountFailures()));
        }
        pods.recordMountFailures(pod, start);
        Map<String, Object> status = new LinkedHashMap<>(map(job.get("status")));
        status.putIfAbsent("startTime", MockPods.now());
        if (!start.ready()) {
            status.put("active", 1);
            status.put("ready", 0);
        } else if (failure == null) {
            status.remove("active");
            status.put("ready", 0);
            status.put("succeeded", 1);
            status.put("completionTime", MockPods.now());
            status.put("conditions", List.of(condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods"),
                    condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods")));
        } else {
            long backoffLimit = KubeObjects.at(job, "spec", "backoffLimit") == null ? 6 : KubeObjects.number(job, "spec", "backoffLimit");
            status.remove("active");
            status.put("ready", 0);
            status.put("failed", backoffLimit + 1);
            status.put("conditions", List.of(condition("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
                    condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit")));
        }
        if (!Objects.equals(essence(job.get("status")), essence(status))) {
            job.put("status", status);
            store.updateStatus("/apis/batch/v1/namespaces/" + namespace + "/jobs/" + name, job);
        }
    }

    /** The pod status of a container that ran to its end: exit code 0 (Completed) or 1 (Error). */
    static Map<String, Object> finished(Map<String, Object> running, Map<String, Object> template, boolean succeeded) {
        Map<String, Object> s = new LinkedHashMap<>(running);
        s.put("phase", succeeded ? "Succeeded" : "Failed");
        List<Object> statuses = new ArrayList<>();
        for (Map<String, Object> c : KubeObjects.list(template, "spec", "containers")) {
            Map<String, Object> cs = new LinkedHashMap<>();
            cs.put("name", c.get("name"));
            cs.put("image", c.get("image"));
            cs.put("ready", false);
            cs.put("restartCount", 0);
            cs.put("started", false);
            cs.put("state", Map.of("terminated", Map.of("exitCode", succeeded ? 0 : 1, "reason", succeeded ? "Completed" : "Error",
                    "startedAt", MockPods.now(), "finishedAt", MockPods.now())));
            statuses.add(cs);
        }
        s.put("containerStatuses", statuses);
        s.put("conditions", List.of(Map.of("type", "Ready", "status", "False", "reason", "PodCompleted")));
        return s;
    }

}
