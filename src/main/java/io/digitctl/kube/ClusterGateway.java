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

    /** The object exists already, or changed since it was read. */
    class ConflictException extends RuntimeException {
        public ConflictException(String message) {
            super(message);
        }
    }
}
