package io.digitctl.secrets.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitctl.secrets.Recipient;
import io.digitctl.secrets.keys.CloudKeyService.Usability;
import io.digitctl.secrets.keys.KeySettings;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HashiCorp Vault's transit engine through the JDK's HTTP client: {@code POST /v1/ENGINE/encrypt/KEY}
 * with the base64 of the data key, {@code POST /v1/ENGINE/decrypt/KEY} with the {@code vault:v1:...}
 * ciphertext. The token comes from {@code VAULT_TOKEN}, else {@code ~/.vault-token}; the address is
 * the stanza's {@code vault_address} (as sops, which ignores {@code VAULT_ADDR} for existing files).
 * {@code VAULT_NAMESPACE} is sent when set.
 */
final class VaultTransit implements KeyServiceClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env;
    private final Path home;
    private HttpClient http;

    VaultTransit(KeySettings settings) {
        this.env = settings.environment();
        this.home = settings.home();
    }

    @Override
    public byte[] decrypt(Recipient.Cloud stanza) {
        Key key = Key.of(stanza);
        JsonNode data = call(key, "decrypt", Map.of("ciphertext", stanza.enc().strip()));
        String plaintext = data.path("plaintext").asText(null);
        if (plaintext == null) {
            throw new KmsException(KmsException.Kind.OTHER, key.describe() + ": Vault answered without a plaintext");
        }
        byte[] payload = Base64.getDecoder().decode(plaintext);
        return payload;
    }

    @Override
    public Recipient.Cloud encrypt(Recipient.Cloud spec, byte[] payload, String createdAt) {
        Key key = Key.of(spec);
        JsonNode data = call(key, "encrypt", Map.of("plaintext", Base64.getEncoder().encodeToString(payload)));
        String ciphertext = data.path("ciphertext").asText(null);
        if (ciphertext == null) {
            throw new KmsException(KmsException.Kind.OTHER, key.describe() + ": Vault answered without a ciphertext");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("vault_address", key.address);
        fields.put("engine_path", key.engine);
        fields.put("key_name", key.name);
        fields.put("created_at", createdAt);
        fields.put("enc", ciphertext);
        return new Recipient.Cloud("hc_vault", fields);
    }

    @Override
    public Usability usability(Recipient.Cloud stanza) {
        if (env("VAULT_TOKEN") != null) {
            return new Usability(true, "Vault token from VAULT_TOKEN");
        }
        Path file = home.resolve(".vault-token");
        return Files.isReadable(file) ? new Usability(true, "Vault token from " + file)
                : new Usability(false, "no Vault token (VAULT_TOKEN, " + file + ")");
    }

    private JsonNode call(Key key, String operation, Map<String, String> body) {
        String token = token(key);
        URI uri = URI.create(key.address + "/v1/" + key.engine + "/" + operation + "/" + key.name);
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("X-Vault-Token", token)
                    .header("X-Vault-Request", "true").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new KmsException(KmsException.Kind.OTHER, key.describe() + ": " + e.getMessage());
        }
        if (env("VAULT_NAMESPACE") != null) {
            request.header("X-Vault-Namespace", env("VAULT_NAMESPACE"));
        }
        HttpResponse<byte[]> response;
        try {
            response = http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            String reason = CloudKeys.unreachable(e);
            throw new KmsException(KmsException.Kind.UNREACHABLE, key.describe() + ": cannot reach " + key.address + ": "
                    + (reason != null ? reason : e.getClass().getSimpleName() + ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KmsException(KmsException.Kind.OTHER, key.describe() + ": interrupted");
        }
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException e) {
            json = null;
        }
        int status = response.statusCode();
        if (status / 100 == 2 && json != null && json.has("data")) {
            return json.get("data");
        }
        String errors = json != null && json.has("errors") ? String.join("; ", json.get("errors").findValuesAsText("errors").isEmpty()
                ? iterate(json.get("errors")) : json.get("errors").findValuesAsText("errors")) : "HTTP " + status;
        String what = switch (status) {
            case 403 -> "access denied (token from " + tokenSource() + ")";
            case 404 -> "key or engine not found";
            case 400 -> "Vault refused the request";
            default -> "failed";
        };
        KmsException.Kind kind = switch (status) {
            case 403 -> KmsException.Kind.ACCESS_DENIED;
            case 404 -> KmsException.Kind.KEY_NOT_FOUND;
            case 400 -> KmsException.Kind.CANNOT_DECRYPT;
            default -> KmsException.Kind.OTHER;
        };
        throw new KmsException(kind, key.describe() + " (" + operation + " at " + key.address + "): " + what + "; Vault answered "
                + status + ": " + CloudKeys.answer(errors));
    }

    private static java.util.List<String> iterate(JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private String token(Key key) {
        String token = env("VAULT_TOKEN");
        if (token != null) {
            return token;
        }
        Path file = home.resolve(".vault-token");
        try {
            if (Files.isReadable(file)) {
                String t = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!t.isEmpty()) {
                    return t;
                }
            }
        } catch (IOException e) {
            // as if absent
        }
        throw new KmsException(KmsException.Kind.NO_CREDENTIALS, key.describe() + ": no Vault token; tried VAULT_TOKEN and " + file);
    }

    private String tokenSource() {
        return env("VAULT_TOKEN") != null ? "VAULT_TOKEN" : home.resolve(".vault-token").toString();
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        }
        return http;
    }

    private String env(String name) {
        return CloudKeys.setting(env, name);
    }

    record Key(String address, String engine, String name) {
        static Key of(Recipient.Cloud r) {
            Key key = new Key(strip(CloudKeys.text(r, "vault_address")), trimSlashes(CloudKeys.text(r, "engine_path")), CloudKeys.text(r, "key_name"));
            if (key.address.isEmpty() || key.engine.isEmpty() || key.name.isEmpty()) {
                throw new KmsException(KmsException.Kind.INVALID, r.describe() + ": the stanza needs vault_address, engine_path and key_name");
            }
            return key;
        }

        String describe() {
            return "vault " + address + "/v1/" + engine + "/keys/" + name;
        }

        private static String strip(String address) {
            return address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        }

        private static String trimSlashes(String s) {
            return s.replaceAll("^/+|/+$", "");
        }
    }
}
