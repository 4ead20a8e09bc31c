package io.digitctl.render;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HelmHookTest {

    private static Map<String, Object> object(Map<String, Object> annotations) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", "x");
        if (annotations != null) {
            metadata.put("annotations", annotations);
        }
        return Map.of("apiVersion", "batch/v1", "kind", "Job", "metadata", metadata);
    }

    private static HelmHook hook(Map<String, Object> annotations) {
        return HelmHook.of(object(annotations)).orElseThrow();
    }

    @Test
    void anObjectWithoutTheHookAnnotationIsNoHook() {
        assertThat(HelmHook.of(object(null))).isEmpty();
        assertThat(HelmHook.of(object(Map.of("helm.sh/hook-weight", "5")))).isEmpty();
        assertThat(HelmHook.of(Map.of("kind", "Job"))).isEmpty();
    }

    @Test
    void eventsAndPoliciesAreCommaListsTrimmedAndLowerCased() {
        HelmHook hook = hook(Map.of("helm.sh/hook", " pre-install , Pre-Upgrade",
                "helm.sh/hook-delete-policy", "before-hook-creation, hook-succeeded", "helm.sh/hook-weight", "5"));

        assertThat(hook.events()).containsExactlyInAnyOrder("pre-install", "pre-upgrade");
        assertThat(hook.runsOn("pre-upgrade")).isTrue();
        assertThat(hook.runsOn("post-install")).isFalse();
        assertThat(hook.deletePolicies()).containsExactlyInAnyOrder(HelmHook.BEFORE_HOOK_CREATION, HelmHook.HOOK_SUCCEEDED);
        assertThat(hook.weight()).isEqualTo(5);
        assertThat(hook.isKnown()).isTrue();
        assertThat(hook.describe(object(Map.of("helm.sh/hook", " pre-install , Pre-Upgrade")))).isEqualTo("pre-install,Pre-Upgrade (weight 5)");
    }

    @Test
    void withoutADeletePolicyHelmDeletesTheHookBeforeCreatingItAgain() {
        HelmHook hook = hook(Map.of("helm.sh/hook", "post-install"));

        assertThat(hook.deletePolicies()).isEqualTo(Set.of(HelmHook.BEFORE_HOOK_CREATION));
        assertThat(hook.weight()).isZero();
        assertThat(hook.comment(object(Map.of("helm.sh/hook", "post-install")))).isEqualTo("# Hook: post-install (weight 0)");
    }

    @Test
    void theWeightIsReadAsGoReadsAnIntegerAndIsZeroOtherwise() {
        assertThat(HelmHook.weight("-5")).isEqualTo(-5);
        assertThat(HelmHook.weight("+3")).isEqualTo(3);
        assertThat(HelmHook.weight("007")).isEqualTo(7);
        assertThat(HelmHook.weight(10)).isEqualTo(10);
        assertThat(HelmHook.weight("five")).isZero();
        assertThat(HelmHook.weight(" 5")).isZero();
        assertThat(HelmHook.weight("1.5")).isZero();
        assertThat(HelmHook.weight("")).isZero();
        assertThat(HelmHook.weight("99999999999")).isZero();
        assertThat(HelmHook.weight(null)).isZero();
    }

    @Test
    void anEventHelmDoesNotKnowMakesAHookThatHelmSkips() {
        assertThat(hook(Map.of("helm.sh/hook", "crd-install")).isKnown()).isFalse();
        assertThat(hook(Map.of("helm.sh/hook", "pre-install,crd-install")).isKnown()).isFalse();
        HelmHook empty = hook(Map.of("helm.sh/hook", ""));
        assertThat(empty.isKnown()).isFalse();
        assertThat(empty.describe(object(Map.of("helm.sh/hook", "")))).startsWith("(no event) (weight 0)").contains("Helm skips");
        // Helm 2's name of the test event
        assertThat(hook(Map.of("helm.sh/hook", "test-success")).events()).containsExactly("test");
    }
}
