package io.digitctl.build;

import java.nio.file.Path;

/** Builds one image of a job and pushes it; no Docker daemon. */
public interface ImageBaker {
    BakedImage bake(BuildJob job, BuildSpec spec, Path repo, RegistryTarget target, String tag);
}
