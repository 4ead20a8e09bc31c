package io.digitctl.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageRefTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            // text                                          service            registry         repository                    tag                  digest  migration
            "egovio/egov-user:v1.2.8-9fde481-19,             egov-user,         -,               egovio/egov-user,             v1.2.8-9fde481-19,   -,      false",
            "egov-user,                                      egov-user,         -,               egov-user,                    -,                   -,      false",
            "egov-user-db:v1,                                egov-user,         -,               egov-user-db,                 v1,                  -,      true",
            "egovio/egov-document-uploader-db:v1.0.1-a1ef7d4-4, egov-document-uploader, -,       egovio/egov-document-uploader-db, v1.0.1-a1ef7d4-4, -,     true",
            "localhost:5000/egovio/x:tag,                    x,                 localhost:5000,  egovio/x,                     tag,                 -,      false",
            "localhost:5000/egovio/x,                        x,                 localhost:5000,  egovio/x,                     -,                   -,      false",
            "registry.example.org/egovio/billing-service:v1, billing-service,   registry.example.org, egovio/billing-service,  v1,                  -,      false",
            "zuul:v1.3.1-76bf31f-5,                          zuul,              -,               zuul,                         v1.3.1-76bf31f-5,    -,      false",
            "playground:1.0,                                 playground,        -,               playground,                   1.0,                 -,      false",
            "db,                                             db,                -,               db,                           -,                   -,      false",
    })
    void parsesServiceRepositoryAndTag(String text, String service, String registry, String repository, String tag,
                                       String digest, boolean migration) {
        ImageRef ref = ImageRef.parse(text);
        assertThat(ref.serviceName()).isEqualTo(service);
        assertThat(ref.registry()).isEqualTo(registry);
        assertThat(ref.repository()).isEqualTo(repository);
        assertThat(ref.tag()).isEqualTo(tag);
        assertThat(ref.digest()).isEqualTo(digest);
        assertThat(ref.isMigrationImage()).isEqualTo(migration);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "x@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, x, ",
            "egovio/x:v1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, x, v1",
    })
    void parsesDigests(String text, String service, String tag) {
        ImageRef ref = ImageRef.parse(text);
        assertThat(ref.serviceName()).isEqualTo(service);
        assertThat(ref.digest()).isEqualTo("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        assertThat(ref.tag()).isEqualTo(tag);
        assertThat(ref.hasVersion()).isTrue();
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
            "''                        | empty",
            "'   '                     | empty",
            "egov user:v1              | white space",
            "egovio/Egov-User:v1       | not a valid repository name part",
            "egovio/egov-user:         | not a valid tag",
            "egovio/egov-user:v1:v2    | not a valid repository name part",
            "egovio//egov-user:v1      | not a valid repository name part",
            "egov-user:-bad            | not a valid tag",
            "x@sha256:xyz              | digest",
            "x@md5                     | digest",
            ":v1                       | names no repository",
            "localhost:5000/           | names no repository",
            "egovio/egov-user:v1/extra | not a valid tag",
    })
    void rejectsBadReferencesWithAReason(String text, String reason) {
        assertThatThrownBy(() -> ImageRef.parse(text))
                .isInstanceOf(DigitctlException.class)
                .hasMessageContaining("Invalid image reference")
                .hasMessageContaining(reason)
                .hasMessageContaining("egovio/egov-user:v1.2.8-9fde481-19");
    }
}
