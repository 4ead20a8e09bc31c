package io.digitctl.secrets.kms;

import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.kms.v1.DecryptRequest;
import com.google.cloud.kms.v1.EncryptRequest;
import com.google.cloud.kms.v1.KeyManagementServiceClient;
import com.google.cloud.kms.v1.KeyManagementServiceSettings;
import com.google.protobuf.ByteString;
import io.digitctl.secrets.Recipient;
import io.digitctl.secrets.keys.CloudKeyService.Usability;
import io.digitctl.secrets.keys.KeySettings;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * GCP Cloud KMS through {@code google-cloud-kms}, on its HTTP/JSON transport (REST {@code :encrypt} and
 * {@code :decrypt}), so that gRPC and its shaded Netty stay out of the jar. Credentials are
 * Application Default Credentials, read from the given environment: {@code GOOGLE_OAUTH_ACCESS_TOKEN}
 * and {@code GOOGLE_CREDENTIALS} (as sops reads them), {@code GOOGLE_APPLICATION_CREDENTIALS}, gcloud's
 * {@code application_default_credentials.json}, then (for the real process environment) the metadata
 * server. {@code DIGITCTL_GCP_KMS_ENDPOINT} points at another endpoint (e.g. {@code http://127.0.0.1:8080}).
 */
final class GcpKms implements KeyServiceClient {
    private static final Pattern RESOURCE = Pattern.compile("^projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+(/cryptoKeyVersions/[^/]+)?$");
    private static final String SCOPE = "https://www.googleapis.com/auth/cloudkms";
    static final String ENDPOINT_VARIABLE = "DIGITCTL_GCP_KMS_ENDPOINT";

    private final Map<String, String> env;
    private final Path home;
    private final boolean processEnvironment;
    private KeyManagementServiceClient client;
    private String identity;

    GcpKms(KeySettings settings) {
        this.env = settings.environment();
        this.home = settings.home();
        this.processEnvironment = settings.environment() == System.getenv();
    }

    @Override
    public byte[] decrypt(Recipient.Cloud stanza) {
        String resource = resource(stanza);
        byte[] ciphertext;
        try {
            ciphertext = Base64.getDecoder().decode(stanza.enc().strip());
        } catch (IllegalArgumentException e) {
            throw new KmsException(KmsException.Kind.INVALID, describe(resource) + ": enc is not base64");
        }
        try {
            return client(resource).decrypt(DecryptRequest.newBuilder().setName(resource).setCiphertext(ByteString.copyFrom(ciphertext)).build())
                    .getPlaintext().toByteArray();
        } catch (ApiException e) {
            throw failure(resource, "decrypt", e);
        }
    }

    @Override
    public Recipient.Cloud encrypt(Recipient.Cloud spec, byte[] payload, String createdAt) {
        String resource = resource(spec);
        byte[] ciphertext;
        try {
            ciphertext = client(resource).encrypt(EncryptRequest.newBuilder().setName(resource).setPlaintext(ByteString.copyFrom(payload)).build())
                    .getCiphertext().toByteArray();
        } catch (ApiException e) {
            throw failure(resource, "encrypt", e);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("resource_id", resource);
        fields.put("created_at", createdAt);
        fields.put("enc", Base64.getEncoder().encodeToString(ciphertext));
        return new Recipient.Cloud("gcp_kms", fields);
    }

    @Override
    public Usability usability(Recipient.Cloud stanza) {
        String source = credentialSource();
        if (source != null) {
            return new Usability(true, "Google credentials from " + source);
        }
        return processEnvironment
                ? new Usability(false, "no Google credentials found (" + chain() + "); the metadata server is asked only when decrypting")
                : new Usability(false, "no Google credentials found (" + chain() + ")");
    }

    private KmsException failure(String resource, String method, ApiException e) {
        String code = e.getStatusCode().getCode().name();
        String where = describe(resource) + " (" + method + " at " + endpoint() + (identity == null ? "" : ", as " + identity) + ")";
        String answer = CloudKeys.answer(e.getMessage());
        return switch (code) {
            case "PERMISSION_DENIED" -> new KmsException(KmsException.Kind.ACCESS_DENIED, where + ": access denied; Cloud KMS answered " + code + ": " + answer);
            case "UNAUTHENTICATED" -> new KmsException(KmsException.Kind.CREDENTIALS_REJECTED, where + ": the credentials were rejected; Cloud KMS answered " + code + ": " + answer);
            case "NOT_FOUND" -> new KmsException(KmsException.Kind.KEY_NOT_FOUND, where + ": key not found; Cloud KMS answered " + code + ": " + answer);
            case "INVALID_ARGUMENT", "FAILED_PRECONDITION" -> new KmsException(KmsException.Kind.CANNOT_DECRYPT, where + ": Cloud KMS answered " + code + ": " + answer);
            case "UNAVAILABLE", "DEADLINE_EXCEEDED" -> {
                String reason = CloudKeys.unreachable(e);
                yield new KmsException(KmsException.Kind.UNREACHABLE, describe(resource) + ": cannot reach " + endpoint() + ": "
                        + (reason != null ? reason : code + ": " + answer));
            }
            default -> new KmsException(KmsException.Kind.OTHER, where + ": Cloud KMS answered " + code + ": " + answer);
        };
    }

    private synchronized KeyManagementServiceClient client(String resource) {
        if (client != null) {
            return client;
        }
        GoogleCredentials credentials = credentials(resource);
        try {
            KeyManagementServiceSettings.Builder settings = KeyManagementServiceSettings.newHttpJsonBuilder()
                    .setCredentialsProvider(FixedCredentialsProvider.create(credentials));
            if (env(ENDPOINT_VARIABLE) != null) {
                settings.setEndpoint(env(ENDPOINT_VARIABLE));
            }
            for (var call : List.of(settings.encryptSettings(), settings.decryptSettings())) {
                call.setRetrySettings(call.getRetrySettings().toBuilder().setMaxAttempts(3).build());
            }
            client = KeyManagementServiceClient.create(settings.build());
            return client;
        } catch (IOException e) {
            throw new KmsException(KmsException.Kind.OTHER, describe(resource) + ": cannot set up the Cloud KMS client: " + e.getMessage());
        }
    }

    private GoogleCredentials credentials(String resource) {
        GoogleCredentials credentials;
        try {
            credentials = explicitCredentials();
            if (credentials == null && processEnvironment) {
                credentials = GoogleCredentials.getApplicationDefault();
            }
        } catch (IOException e) {
            throw new KmsException(KmsException.Kind.NO_CREDENTIALS, describe(resource) + ": no usable Google credentials; tried "
                    + chain() + ": " + CloudKeys.answer(e.getMessage()));
        }
        if (credentials == null) {
            throw new KmsException(KmsException.Kind.NO_CREDENTIALS, describe(resource) + ": no Google credentials found; tried " + chain());
        }
        if (credentials instanceof ServiceAccountCredentials sa) {
            identity = "service account " + sa.getClientEmail();
        }
        return credentials.createScopedRequired() ? credentials.createScoped(List.of(SCOPE)) : credentials;
    }

    private GoogleCredentials explicitCredentials() throws IOException {
        String token = env("GOOGLE_OAUTH_ACCESS_TOKEN");
        if (token != null) {
            return new FixedToken(new AccessToken(token, null));
        }
        String inline = env("GOOGLE_CREDENTIALS");
        if (inline != null) {
            Path file = Path.of(inline);
            try (InputStream in = !inline.startsWith("{") && Files.isRegularFile(file) ? Files.newInputStream(file)
                    : new ByteArrayInputStream(inline.getBytes(StandardCharsets.UTF_8))) {
                return GoogleCredentials.fromStream(in);
            }
        }
        String file = env("GOOGLE_APPLICATION_CREDENTIALS");
        if (file != null) {
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                return GoogleCredentials.fromStream(in);
            }
        }
        Path wellKnown = wellKnownFile();
        if (Files.isRegularFile(wellKnown)) {
            try (InputStream in = Files.newInputStream(wellKnown)) {
                return GoogleCredentials.fromStream(in);
            }
        }
        return null;
    }

    /** A token given as it is: asked to refresh (after a 401), it has nothing newer to offer. */
    private static final class FixedToken extends GoogleCredentials {
        private static final long serialVersionUID = 1L;

        @SuppressWarnings("deprecation")
        FixedToken(AccessToken token) {
            super(token);
        }

        @Override
        public AccessToken refreshAccessToken() {
            return getAccessToken();
        }
    }

    private String credentialSource() {
        if (env("GOOGLE_OAUTH_ACCESS_TOKEN") != null) return "GOOGLE_OAUTH_ACCESS_TOKEN";
        if (env("GOOGLE_CREDENTIALS") != null) return "GOOGLE_CREDENTIALS";
        if (env("GOOGLE_APPLICATION_CREDENTIALS") != null) return "GOOGLE_APPLICATION_CREDENTIALS";
        return Files.isRegularFile(wellKnownFile()) ? wellKnownFile().toString() : null;
    }

    private Path wellKnownFile() {
        String config = env("CLOUDSDK_CONFIG");
        return (config != null ? Path.of(config) : home.resolve(".config").resolve("gcloud")).resolve("application_default_credentials.json");
    }

    private String chain() {
        return "Application Default Credentials: GOOGLE_OAUTH_ACCESS_TOKEN, GOOGLE_CREDENTIALS, GOOGLE_APPLICATION_CREDENTIALS, "
                + wellKnownFile() + (processEnvironment ? ", the GCE metadata server" : "");
    }

    private String endpoint() {
        return env(ENDPOINT_VARIABLE) != null ? env(ENDPOINT_VARIABLE) : "https://cloudkms.googleapis.com";
    }

    private static String resource(Recipient.Cloud r) {
        String id = CloudKeys.text(r, "resource_id");
        if (!RESOURCE.matcher(id).matches()) {
            throw new KmsException(KmsException.Kind.INVALID, "gcp kms " + id + ": not a Cloud KMS key name "
                    + "(projects/P/locations/L/keyRings/R/cryptoKeys/K)");
        }
        return id;
    }

    private static String describe(String resource) {
        return "gcp kms " + resource;
    }

    private String env(String name) {
        return CloudKeys.setting(env, name);
    }
}
