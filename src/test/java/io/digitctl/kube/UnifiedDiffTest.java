package io.digitctl.kube;

import io.digitctl.kube.diff.UnifiedDiff;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnifiedDiffTest {
    @Test
    void hunksHaveThreeLinesOfContextAndCorrectRanges() {
        String a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
        String b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n12\nthirteen\n";
        assertThat(UnifiedDiff.of(a, b, "a", "b")).isEqualTo("""
                --- a
                +++ b
                @@ -2,7 +2,7 @@
                 2
                 3
                 4
                -5
                +five
                 6
                 7
                 8
                @@ -10,3 +10,4 @@
                 10
                 11
                 12
                +thirteen
                """);
    }

    @Test
    void equalTextsHaveNoDiffAndANewObjectIsAllAdditions() {
        assertThat(UnifiedDiff.of("a\nb\n", "a\nb\n", "x", "y")).isEmpty();
        assertThat(UnifiedDiff.of("", "a\nb\n", "/dev/null", "y")).isEqualTo("--- /dev/null\n+++ y\n@@ -0,0 +1,2 @@\n+a\n+b\n");
    }
}
