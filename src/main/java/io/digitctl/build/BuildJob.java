package io.digitctl.build;

import java.util.List;

/**
 * A job of build-config.yml: DIGIT's {@code name} and {@code build} list, and digitctl's own
 * optional fields, which the reference ignores: {@code gates}, {@code builder}, {@code jar},
 * {@code base-image} and {@code migration-base-image}.
 */
public record BuildJob(String name, List<BuildSpec> builds, List<Gate> gates, Builder builder, String jar, String baseImage,
                       String migrationBaseImage, int line) {

    public enum Builder { JIB, DOCKERFILE }

    /** A named command run in the job's work-dir before anything is baked. */
    public record Gate(String name, String command) {
    }

    public static final String DEFAULT_BASE_IMAGE = "eclipse-temurin:17-jre";
    public static final String DEFAULT_MIGRATION_BASE_IMAGE = "flyway/flyway:10";

    /** The application image's build: the first one that is not a migration image. */
    public BuildSpec application() {
        return builds.stream().filter(b -> !b.isMigration()).findFirst().orElse(builds.get(0));
    }
}
