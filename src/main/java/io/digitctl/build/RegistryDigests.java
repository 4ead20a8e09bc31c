package io.digitctl.build;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks a registry, over its HTTP API and without credentials, which digest a tag has now; used to
 * check that what is deployed is what was built. Empty when the registry cannot be asked.
 */
public final class RegistryDigests {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private RegistryDigests() {
    }

    /** {@code repository} with its registry host, as in a build record: {@code 127.0.0.1:5000/egovio/egov-user}. */
    public static Optional<String> digest(String repository, String tag) {
        int slash = repository.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String host = repository.substring(0, slash);
        String path = repository.substring(slash + 1);
        if (host.equals("docker.io")) {
            host = "registry-1.docker.io";
        }
        boolean local = host.startsWith("localhost") || host.startsWith("127.") || host.startsWith("[::1]");
        for (String scheme : local ? new String[] {"http", "https"} : new String[] {"https"}) {
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(scheme + "://" + host + "/v2/" + path + "/manifests/" + tag))
                        .timeout(Duration.ofSeconds(5))
                        .header("Accept", "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json, "
                                + "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json")
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return r.headers().firstValue("Docker-Content-Digest");
                }
            } catch (IOException | IllegalArgumentException e) {
                // try the next scheme, else the registry cannot be asked
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
