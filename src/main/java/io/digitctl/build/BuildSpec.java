package io.digitctl.build;

import java.nio.file.Path;

/**
 * One image of a build job, as DIGIT's build-config.yml lists it.
 *
 * @param workDir    the folder built, relative to the repository
 * @param dockerfile the Dockerfile (default {@code <work-dir>/Dockerfile}), relative to the repository
 */
public record BuildSpec(String workDir, String dockerfile, String imageName) {

    /** A {@code -db} image is a service's Flyway migration image. */
    public boolean isMigration() {
        return imageName.endsWith("-db");
    }

    public Path workDirIn(Path repo) {
        return repo.resolve(workDir).normalize();
    }
}
