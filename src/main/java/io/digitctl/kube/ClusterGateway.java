package io.digitctl.kube;

import io.digitctl.model.ResourceKey;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything digitctl asks of a cluster. Objects are plain maps, as rendered manifests are, so the
 * deploy engine does not depend on a client library's model.
 */
public interface ClusterGateway {

    /** The API server's address, for messages. */
    String server();

    /** The server's Kubernetes version, such as {@code v1.30.2}. */
    String serverVersion();

    /** Server-side apply with field manager digitctl, conflicts forced; with {@code dryRun} nothing is stored. */
    Map<String, Object> apply(Map<String, Object> object, boolean dryRun);

    Optional<Map<String, Object>> get(String apiVersion, ResourceKey key);

    /** Objects of a kind with all the given labels; {@code namespace} null means every namespace. */
    List<Map<String, Object>> list(String apiVersion, String kind, String namespace, Map<String, String> labels);

    /** True when something was deleted. */
    boolean delete(String apiVersion, ResourceKey key);

    /** Creates, failing with {@link ConflictException} when the object exists. */
    Map<String, Object> create(Map<String, Object> object);

    /** Replaces, failing with {@link ConflictException} when the object changed since it was read (resourceVersion). */
    Map<String, Object> replace(Map<String, Object> object);

    /** The kinds the server serves now, read from discovery afresh on each call. */
    List<io.digitctl.kube.discovery.ServedKind> servedKinds();

    /**
     * Deletes only while the object still has this {@code resourceVersion} (a delete precondition),
     * so that an object replaced by someone else in between is left alone. True when something was
     * deleted, false when it was gone; {@link ConflictException} when it changed.
     */
    default boolean delete(String apiVersion, ResourceKey key, String resourceVersion) {
        Optional<Map<String, Object>> live = get(apiVersion, key);
        if (live.isEmpty()) {
            return false;
        }
        if (resourceVersion != null && !resourceVersion.equals(String.valueOf(KubeObjects.metadata(live.get()).get("resourceVersion")))) {
            throw new ConflictException(key + " changed since it was read");
        }
        return delete(apiVersion, key);
    }

    /** 409: the object exists already, or changed since it was read (its resourceVersion). */
    class ConflictException extends KubeException {
        public ConflictException(String message) {
            this(message, null, null);
        }

        public ConflictException(String message, String serverMessage, Throwable cause) {
            super(message, 409, serverMessage, cause);
        }
    }
}
