package io.digitctl.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ActionGateTest {
    @Test
    void withoutATokenActionsAreOffWhateverIsSent() {
        ActionGate gate = new ActionGate(null, "x");
        assertThat(gate.enabled()).isFalse();
        assertThat(gate.check("Bearer anything")).isEqualTo(ActionGate.Verdict.OFF);
        assertThat(gate.check(null)).isEqualTo(ActionGate.Verdict.OFF);
    }

    @Test
    void onlyTheExactBearerTokenIsAllowed() {
        ActionGate gate = new ActionGate("0123456789abcdef-token", "alice");
        assertThat(gate.check("Bearer 0123456789abcdef-token")).isEqualTo(ActionGate.Verdict.ALLOWED);
        assertThat(gate.check("bearer 0123456789abcdef-token")).isEqualTo(ActionGate.Verdict.ALLOWED);
        assertThat(gate.check("Bearer 0123456789abcdef-toke")).isEqualTo(ActionGate.Verdict.NO_TOKEN);
        assertThat(gate.check("Bearer 0123456789abcdef-token2")).isEqualTo(ActionGate.Verdict.NO_TOKEN);
        assertThat(gate.check("0123456789abcdef-token")).as("without the scheme").isEqualTo(ActionGate.Verdict.NO_TOKEN);
        assertThat(gate.check("Basic 0123456789abcdef-token")).isEqualTo(ActionGate.Verdict.NO_TOKEN);
        assertThat(gate.check("Bearer ")).isEqualTo(ActionGate.Verdict.NO_TOKEN);
        assertThat(gate.check(null)).isEqualTo(ActionGate.Verdict.NO_TOKEN);
        assertThat(gate.actor()).isEqualTo("web:alice");
    }

    @Test
    void generatedTokensAreLongAndDifferent() {
        String a = ActionGate.newToken();
        assertThat(a).hasSizeGreaterThanOrEqualTo(43).matches("[A-Za-z0-9_-]+").isNotEqualTo(ActionGate.newToken());
    }
}
