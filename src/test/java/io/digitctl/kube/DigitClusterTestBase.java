package io.digitctl.kube;

import io.digitctl.cli.CliRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A fresh MockCluster and a deployable copy of DIGIT-DevOps's tree from ../shared (skipped when it is absent). */
abstract class DigitClusterTestBase {
    @TempDir
    Path tmp;
    MockCluster cluster;
    Path helm;
    Path kubeconfig;

    @BeforeEach
    void freshClusterAndATreeWithValues() {
        helm = DigitTreeCopy.prepare(tmp.resolve("helm"));
        cluster = new MockCluster().rolloutTime(20);
        kubeconfig = cluster.kubeconfig(tmp);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** A digitctl command against the cluster and the tree copy. */
    CliRun digitctl(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--helm-dir", helm.toString(), "--kubeconfig", kubeconfig.toString()));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }
}
