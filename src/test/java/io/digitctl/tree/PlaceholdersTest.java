package io.digitctl.tree;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlaceholdersTest {

    @Test
    void placeholdersAreFoundWithTheirPathLineAndComment() {
        List<Placeholders.Placeholder> found = Placeholders.scan("""
                global:
                  domain: <domain_name> ## Add your Domain Name
                cluster-configs:
                  data:
                    db-url: "jdbc:postgresql://<db_host>:5432/<dbname>" # example: jdbc:postgresql://x:5432/egov
                    db-host: '<db_host>:5432'
                volumes:
                  - volumeId: "<kafka-v2_volume_id_1>"   ##REPLACE: add volume id
                    zone: <zone>
                """);

        assertThat(found).containsExactly(
                new Placeholders.Placeholder(List.of("<domain_name>"), "global.domain", 2, "Add your Domain Name"),
                new Placeholders.Placeholder(List.of("<db_host>", "<dbname>"), "cluster-configs.data.db-url", 5,
                        "example: jdbc:postgresql://x:5432/egov"),
                new Placeholders.Placeholder(List.of("<db_host>"), "cluster-configs.data.db-host", 6, null),
                new Placeholders.Placeholder(List.of("<kafka-v2_volume_id_1>"), "volumes[0].volumeId", 8, "REPLACE: add volume id"),
                new Placeholders.Placeholder(List.of("<zone>"), "volumes[0].zone", 9, null));
    }

    @Test
    void commentsKeysMarkupAndOtherAngleBracketsAreNotPlaceholders() {
        assertThat(Placeholders.scan("""
                # set it to <none> when unused
                a: 1 # or <none>
                <key_name>: x
                html: "<a href=x>link</a>"
                nginx: |
                  sub_filter '<head>' '<head>
                  <script src=https://x/y.js></script>';
                generic: List<String>
                spaced: "< zone >"
                upper: <Zone>
                path: <a/b>
                eq: <a=b>
                hash: "x#<y>"
                sops:
                  note: <not_scanned>
                """)).extracting(Placeholders.Placeholder::path).containsExactly("hash");
    }

    @Test
    void aPlaceholderInABlockScalarIsReportedOnItsOwnLineAndAnAliasOnce() {
        List<Placeholders.Placeholder> found = Placeholders.scan("""
                script: |
                  echo start
                  curl https://<domain_name>/health
                base: &b
                  host: <db_host>
                copy: *b
                """);

        assertThat(found).extracting(Placeholders.Placeholder::path, Placeholders.Placeholder::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("script", 3), org.assertj.core.groups.Tuple.tuple("base.host", 5));
    }

    @Test
    void aFileThatIsNotYamlHasNoPlaceholdersHere() {
        assertThat(Placeholders.scan("a: [<x>\n")).isEmpty();
        assertThat(Placeholders.scan("")).isEmpty();
    }
}
