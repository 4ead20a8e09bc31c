package io.digitctl.kube.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Revisions written before promotedFrom and plannedBy existed still read; records of later versions read too. */
class RevisionCompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anOlderRecordReadsWithoutProvenance() throws Exception {
        String older = """
                {"environment":"qa","service":"egov-user","number":3,"status":"DEPLOYED","image":"egovio/egov-user:v1","tag":"v1",
                 "chart":"charts/egov-user","valuesDigest":"sha256:00","manifests":[],"user":"ci","host":"runner",
                 "startedAt":"2026-11-26T09:00:00Z","finishedAt":"2026-11-26T09:01:00Z","message":"deploy x","deployId":"x",
                 "namespace":"egov"}""";
        Revision r = JSON.readValue(older, Revision.class);
        assertThat(r.number()).isEqualTo(3);
        assertThat(r.promotedFrom()).isNull();
        assertThat(r.plannedBy()).isNull();
        assertThat(r.renderInput()).as("an older record never stands in for a render").isNull();
    }

    @Test
    void provenanceRoundTripsAndUnknownFieldsAreIgnored() throws Exception {
        Revision r = new Revision("uat", "egov-user", 2, Revision.Status.DEPLOYED, "egovio/egov-user:v1", "v1", "charts/egov-user",
                "sha256:00", List.of(Map.of("kind", "ConfigMap")), "ci", "runner", "t0", "t1", "deploy y", "y", "egov",
                new Revision.Source("qa", 7, "x"), "alice@laptop", "sha256:render");
        @SuppressWarnings("unchecked")
        Map<String, Object> json = JSON.readValue(JSON.writeValueAsString(r), Map.class);
        json.put("someFieldOfALaterVersion", 1);
        Revision back = JSON.readValue(JSON.writeValueAsString(json), Revision.class);
        assertThat(back).isEqualTo(r);
        assertThat(back.promotedFrom().describe()).isEqualTo("promoted from qa rev 7 (deploy x)");
        assertThat(back.with(Revision.Status.SUPERSEDED, "t2", "m", List.of()).promotedFrom()).isEqualTo(r.promotedFrom());
        assertThat(back.with(Revision.Status.SUPERSEDED, "t2", "m", List.of()).renderInput()).isEqualTo("sha256:render");
    }
}
