package io.digitctl.plan;

import java.util.Optional;

/** Finds the tag a service runs with now, for images given without a tag (the reference's rule). */
@FunctionalInterface
public interface TagResolver {
    /** Used when there is no cluster to ask, as with --print. */
    TagResolver OFFLINE = service -> Optional.empty();

    Optional<String> runningTag(String service);
}
