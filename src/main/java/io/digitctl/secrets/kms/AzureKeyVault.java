package io.digitctl.secrets.kms;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.WrapResult;
import io.digitctl.secrets.Recipient;
import io.digitctl.secrets.keys.CloudKeyService.Usability;
import io.digitctl.secrets.keys.KeySettings;
import reactor.core.publisher.Mono;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure Key Vault through {@code azure-security-keyvault-keys} and {@code azure-identity}: the data key
 * is wrapped with RSA-OAEP-256 ({@code wrapkey}/{@code unwrapkey}, which give the same bytes as the
 * {@code encrypt}/{@code decrypt} calls sops makes); {@code enc} is base64url without padding.
 * Credentials come from DefaultAzureCredential (environment, workload identity, managed identity,
 * Azure CLI/PowerShell/Developer CLI), configured from the given environment. The Key Vault client
 * authenticates only over https; for a plain-http vault URL (a local endpoint, as in the tests) the
 * client gets its own HttpPipeline that sends the bearer token without the https check.
 */
final class AzureKeyVault implements KeyServiceClient {
    private static final Pattern KEY_URL = Pattern.compile("^(https?://[^/]+)/keys/([^/]+)(?:/([^/]*))?/?$");
    private static final String SCOPE = "https://vault.azure.net/.default";

    private final Map<String, String> env;
    private final Path home;
    private final TokenCredential given;
    private TokenCredential credential;
    private HttpClient http;

    AzureKeyVault(KeySettings settings, TokenCredential given) {
        this.env = settings.environment();
        this.home = settings.home();
        this.given = given;
    }

    @Override
    public byte[] decrypt(Recipient.Cloud stanza) {
        Key key = Key.of(stanza);
        byte[] wrapped;
        try {
            wrapped = Base64.getUrlDecoder().decode(stanza.enc().strip().replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw new KmsException(KmsException.Kind.INVALID, key.describe() + ": enc is not base64url");
        }
        try {
            return client(key).unwrapKey(KeyWrapAlgorithm.RSA_OAEP_256, wrapped).getKey();
        } catch (RuntimeException e) {
            throw failure(key, "unwrapkey", e);
        }
    }

    @Override
    public Recipient.Cloud encrypt(Recipient.Cloud spec, byte[] payload, String createdAt) {
        Key key = Key.of(spec);
        WrapResult result;
        try {
            result = client(key).wrapKey(KeyWrapAlgorithm.RSA_OAEP_256, payload);
        } catch (RuntimeException e) {
            throw failure(key, "wrapkey", e);
        }
        String version = key.version;
        if (version.isEmpty() && result.getKeyId() != null) {
            Matcher m = KEY_URL.matcher(result.getKeyId());
            version = m.matches() && m.group(3) != null ? m.group(3) : "";
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("vault_url", key.vault);
        fields.put("name", key.name);
        fields.put("version", version);
        fields.put("created_at", createdAt);
        fields.put("enc", Base64.getUrlEncoder().withoutPadding().encodeToString(result.getEncryptedKey()));
        return new Recipient.Cloud("azure_kv", fields);
    }

    @Override
    public Usability usability(Recipient.Cloud stanza) {
        if (given != null) {
            return new Usability(true, "the Azure credential given");
        }
        if (env("AZURE_CLIENT_ID") != null && env("AZURE_TENANT_ID") != null
                && (env("AZURE_CLIENT_SECRET") != null || env("AZURE_CLIENT_CERTIFICATE_PATH") != null)) {
            return new Usability(true, "Azure service principal from AZURE_CLIENT_ID/AZURE_TENANT_ID");
        }
        if (env("AZURE_FEDERATED_TOKEN_FILE") != null) {
            return new Usability(true, "Azure workload identity (AZURE_FEDERATED_TOKEN_FILE)");
        }
        if (env("IDENTITY_ENDPOINT") != null || env("MSI_ENDPOINT") != null) {
            return new Usability(true, "Azure managed identity (IDENTITY_ENDPOINT)");
        }
        Path cli = home.resolve(".azure").resolve("azureProfile.json");
        if (Files.isRegularFile(cli)) {
            return new Usability(true, "an Azure CLI login (" + cli + ")");
        }
        return new Usability(false, "no Azure credentials found (" + chain() + "); instance managed identity is asked only when decrypting");
    }

    private KmsException failure(Key key, String operation, RuntimeException e) {
        String where = key.describe() + " (" + operation + " at " + key.vault + ")";
        if (e instanceof ClientAuthenticationException auth && auth.getResponse() == null) {
            return new KmsException(KmsException.Kind.NO_CREDENTIALS, key.describe() + ": no Azure credentials; tried " + chain()
                    + ": " + CloudKeys.answer(e.getMessage()));
        }
        if (e instanceof HttpResponseException http && http.getResponse() != null) {
            int status = http.getResponse().getStatusCode();
            String answer = CloudKeys.answer(e.getMessage());
            return switch (status) {
                case 401 -> new KmsException(KmsException.Kind.CREDENTIALS_REJECTED, where + ": the credentials were rejected; Key Vault answered " + answer);
                case 403 -> new KmsException(KmsException.Kind.ACCESS_DENIED, where + ": access denied; Key Vault answered " + answer);
                case 404 -> new KmsException(KmsException.Kind.KEY_NOT_FOUND, where + ": key not found; Key Vault answered " + answer);
                case 400 -> new KmsException(KmsException.Kind.CANNOT_DECRYPT, where + ": Key Vault answered " + answer);
                default -> new KmsException(KmsException.Kind.OTHER, where + ": Key Vault answered " + answer);
            };
        }
        String reason = CloudKeys.unreachable(e);
        if (reason != null) {
            return new KmsException(KmsException.Kind.UNREACHABLE, key.describe() + ": cannot reach " + key.vault + ": " + reason);
        }
        if (e.getClass().getName().startsWith("com.azure.identity")) {
            return new KmsException(KmsException.Kind.NO_CREDENTIALS, key.describe() + ": no Azure credentials; tried " + chain()
                    + ": " + CloudKeys.answer(e.getMessage()));
        }
        return new KmsException(KmsException.Kind.OTHER, where + ": " + CloudKeys.answer(e.getMessage()));
    }

    private CryptographyClient client(Key key) {
        String id = key.vault + "/keys/" + key.name + (key.version.isEmpty() ? "" : "/" + key.version);
        CryptographyClientBuilder builder = new CryptographyClientBuilder().keyIdentifier(id);
        if (key.vault.startsWith("https://")) {
            builder.credential(credential()).httpClient(http());
        } else {
            // Key Vault's challenge policy refuses plain http ("Token credentials require a URL using the HTTPS
            // protocol scheme"): a local endpoint gets a pipeline whose own policy sends the bearer token.
            HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(http())
                    .policies(new RetryPolicy(), new BearerToken(credential())).build();
            builder.pipeline(pipeline);
        }
        return builder.buildClient();
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = new JdkHttpClientBuilder().connectionTimeout(Duration.ofSeconds(10)).build();
        }
        return http;
    }

    private synchronized TokenCredential credential() {
        if (credential == null) {
            if (given != null) {
                credential = given;
            } else {
                Map<String, String> variables = env;
                Configuration configuration = new ConfigurationBuilder(source -> Map.of(), source -> Map.of(), source -> variables).build();
                credential = new DefaultAzureCredentialBuilder().configuration(configuration).httpClient(http()).build();
            }
        }
        return credential;
    }

    private String chain() {
        return "DefaultAzureCredential: environment (AZURE_TENANT_ID, AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH), "
                + "workload identity (AZURE_FEDERATED_TOKEN_FILE), managed identity, Azure CLI, Azure PowerShell, Azure Developer CLI";
    }

    private String env(String name) {
        return CloudKeys.setting(env, name);
    }

    /** Sends {@code Authorization: Bearer} with a token for Key Vault's scope. */
    private record BearerToken(TokenCredential credential) implements HttpPipelinePolicy {
        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            return credential.getToken(new TokenRequestContext().addScopes(SCOPE)).flatMap(token -> {
                context.getHttpRequest().setHeader(HttpHeaderName.AUTHORIZATION, "Bearer " + token.getToken());
                return next.process();
            });
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            var token = credential.getTokenSync(new TokenRequestContext().addScopes(SCOPE));
            context.getHttpRequest().setHeader(HttpHeaderName.AUTHORIZATION, "Bearer " + token.getToken());
            return next.processSync();
        }
    }

    /** An Azure Key Vault key as a stanza names it. */
    record Key(String vault, String name, String version) {
        static Key of(Recipient.Cloud r) {
            String vault = CloudKeys.text(r, "vault_url");
            while (vault.endsWith("/")) {
                vault = vault.substring(0, vault.length() - 1);
            }
            Key key = new Key(vault, CloudKeys.text(r, "name"), CloudKeys.text(r, "version"));
            if (key.vault.isEmpty() || key.name.isEmpty()) {
                throw new KmsException(KmsException.Kind.INVALID, r.describe() + ": the stanza needs vault_url and name");
            }
            return key;
        }

        /** {@code https://VAULT.vault.azure.net/keys/NAME[/VERSION]}. */
        static Key ofUrl(String url) {
            Matcher m = KEY_URL.matcher(url.strip());
            if (!m.matches()) {
                throw new KmsException(KmsException.Kind.INVALID, "'" + url + "' is not an Azure Key Vault key URL (https://VAULT.vault.azure.net/keys/NAME/VERSION)");
            }
            return new Key(m.group(1), m.group(2), m.group(3) == null ? "" : m.group(3));
        }

        String describe() {
            return "azure key vault " + vault + "/keys/" + name + (version.isEmpty() ? "" : "/" + version);
        }
    }
}
