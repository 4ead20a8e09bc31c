package io.digitctl.secrets.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Local stand-ins for the four key services, on 127.0.0.1, speaking each one's real wire protocol:
 * AWS KMS JSON 1.1 ({@code X-Amz-Target: TrentService.Encrypt|Decrypt}), Cloud KMS REST
 * ({@code POST /v1/NAME:encrypt|:decrypt}), Key Vault ({@code GET /keys/NAME/VERSION},
 * {@code POST .../wrapkey|unwrapkey}, RSA-OAEP-256 for real), Vault transit
 * ({@code POST /v1/ENGINE/encrypt|decrypt/KEY}). Ciphertexts are real AES-GCM under a key the
 * server keeps, bound to the key name (and, for AWS, the encryption context).
 */
public final class LocalKeyServices {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private LocalKeyServices() {
    }

    /** A started HTTP server; {@link #close()} stops it. */
    public abstract static class Service implements AutoCloseable {
        final HttpServer server;
        final byte[] masterKey = new byte[32];
        /** Every request: "METHOD PATH [target]". */
        public final List<String> requests = Collections.synchronizedList(new ArrayList<>());

        Service() {
            RANDOM.nextBytes(masterKey);
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/", exchange -> {
                try (exchange) {
                    handle(exchange);
                } catch (RuntimeException | GeneralSecurityException e) {
                    send(exchange, 500, "{\"message\":\"test server: " + e + "\"}");
                }
            });
            server.start();
        }

        public int port() {
            return server.getAddress().getPort();
        }

        public String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        abstract void handle(HttpExchange exchange) throws IOException, GeneralSecurityException;

        @Override
        public void close() {
            server.stop(0);
        }

        byte[] seal(String keyName, byte[] aad, byte[] plaintext) throws GeneralSecurityException {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new GCMParameterSpec(128, iv));
            c.updateAAD(keyName.getBytes(StandardCharsets.UTF_8));
            c.updateAAD(aad);
            byte[] sealed = c.doFinal(plaintext);
            byte[] name = keyName.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(2 + name.length + 12 + sealed.length).putShort((short) name.length).put(name).put(iv).put(sealed).array();
        }

        /** The key name inside a sealed blob. */
        static String keyOf(byte[] blob) {
            ByteBuffer b = ByteBuffer.wrap(blob);
            byte[] name = new byte[b.getShort()];
            b.get(name);
            return new String(name, StandardCharsets.UTF_8);
        }

        /** Null when the blob does not open (other key, other AAD, damaged). */
        byte[] open(byte[] blob, byte[] aad) {
            try {
                ByteBuffer b = ByteBuffer.wrap(blob);
                byte[] name = new byte[b.getShort()];
                b.get(name);
                byte[] iv = new byte[12];
                b.get(iv);
                byte[] sealed = new byte[b.remaining()];
                b.get(sealed);
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new GCMParameterSpec(128, iv));
                c.updateAAD(name);
                c.updateAAD(aad);
                return c.doFinal(sealed);
            } catch (GeneralSecurityException | RuntimeException e) {
                return null;
            }
        }
    }

    static void send(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, body, "application/json");
    }

    static void send(HttpExchange exchange, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    static JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static String b64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    // ---------------------------------------------------------------- AWS KMS

    /** AWS KMS, JSON 1.1. Access key {@code AKIDGOOD...} may use every key, {@code AKIDDENIED...} none. */
    public static final class AwsKms extends Service {
        public static final String GOOD_ACCESS_KEY = "AKIDGOODLOCALTEST01";
        public static final String DENIED_ACCESS_KEY = "AKIDDENIEDLOCALTEST";
        public static final String SECRET = "local-secret-key-for-tests";
        /** Valid only for STS: AssumeRole with it gives {@link #GOOD_ACCESS_KEY}. */
        public static final String BASE_ACCESS_KEY = "AKIDBASEFORROLES01";
        public final Set<String> keys = ConcurrentHashMap.newKeySet();
        /** Roles assumed, as "ROLE_ARN SESSION_NAME". */
        public final List<String> assumedRoles = Collections.synchronizedList(new ArrayList<>());
        /** Encryption contexts sent with each request, in order. */
        public final List<Map<String, String>> contexts = Collections.synchronizedList(new ArrayList<>());

        public AwsKms(String... arns) {
            keys.addAll(Arrays.asList(arns));
        }

        @Override
        void handle(HttpExchange exchange) throws IOException, GeneralSecurityException {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + target);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            Matcher credential = Pattern.compile("Credential=([^/]+)/").matcher(auth == null ? "" : auth);
            String accessKey = credential.find() ? credential.group(1) : "";
            String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
            if (type.startsWith("application/x-www-form-urlencoded")) {
                assumeRole(exchange, accessKey);
                return;
            }
            JsonNode body = body(exchange);
            if (!"application/x-amz-json-1.1".equals(exchange.getRequestHeaders().getFirst("Content-Type")) || target == null
                    || !auth.startsWith("AWS4-HMAC-SHA256 ")) {
                error(exchange, "SerializationException", "not an AWS JSON 1.1 request");
                return;
            }
            if (!accessKey.equals(GOOD_ACCESS_KEY) && !accessKey.equals(DENIED_ACCESS_KEY)) {
                error(exchange, "UnrecognizedClientException", "The security token included in the request is invalid.");
                return;
            }
            Map<String, String> context = new TreeMap<>();
            body.path("EncryptionContext").fields().forEachRemaining(e -> context.put(e.getKey(), e.getValue().asText()));
            contexts.add(context);
            byte[] aad = JSON.writeValueAsBytes(context);
            String action = target.substring(target.indexOf('.') + 1);
            String keyId = body.path("KeyId").asText("");
            if (action.equals("Decrypt") && keyId.isEmpty()) {
                keyId = Service.keyOf(Base64.getDecoder().decode(body.path("CiphertextBlob").asText()));
            }
            if (accessKey.equals(DENIED_ACCESS_KEY)) {
                error(exchange, "AccessDeniedException", "User: arn:aws:iam::111122223333:user/ci-denied is not authorized to perform: kms:"
                        + action + " on resource: " + keyId + " because no identity-based policy allows the kms:" + action + " action");
                return;
            }
            if (!keys.contains(keyId)) {
                error(exchange, "NotFoundException", "Key '" + keyId + "' does not exist");
                return;
            }
            ObjectNode out = JSON.createObjectNode().put("KeyId", keyId).put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
            switch (action) {
                case "Encrypt" -> out.put("CiphertextBlob", b64(seal(keyId, aad, Base64.getDecoder().decode(body.path("Plaintext").asText()))));
                case "Decrypt" -> {
                    byte[] blob = Base64.getDecoder().decode(body.path("CiphertextBlob").asText());
                    if (!Service.keyOf(blob).equals(keyId)) {
                        error(exchange, "IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.");
                        return;
                    }
                    byte[] plain = open(blob, aad);
                    if (plain == null) {
                        error(exchange, "InvalidCiphertextException", null);
                        return;
                    }
                    out.put("Plaintext", b64(plain));
                }
                default -> {
                    error(exchange, "UnknownOperationException", null);
                    return;
                }
            }
            send(exchange, 200, out.toString(), "application/x-amz-json-1.1");
        }

        /** STS AssumeRole, AWS Query protocol (form in, XML out). */
        private void assumeRole(HttpExchange exchange, String accessKey) throws IOException {
            Map<String, String> form = new TreeMap<>();
            for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            if (!"AssumeRole".equals(form.get("Action")) || !accessKey.equals(BASE_ACCESS_KEY)) {
                send(exchange, 403, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                        + "<Message>User: arn:aws:iam::111122223333:user/other is not authorized to perform: sts:AssumeRole on resource: "
                        + form.get("RoleArn") + "</Message></Error><RequestId>1</RequestId></ErrorResponse>", "text/xml");
                return;
            }
            assumedRoles.add(form.get("RoleArn") + " " + form.get("RoleSessionName"));
            send(exchange, 200, "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult><Credentials>"
                    + "<AccessKeyId>" + GOOD_ACCESS_KEY + "</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-session-token</SessionToken>"
                    + "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>" + form.get("RoleArn") + "/" + form.get("RoleSessionName")
                    + "</Arn><AssumedRoleId>AROATEST:" + form.get("RoleSessionName") + "</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>"
                    + "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>", "text/xml");
        }

        private static void error(HttpExchange exchange, String type, String message) throws IOException {
            ObjectNode err = JSON.createObjectNode().put("__type", type);
            if (message != null) {
                err.put("message", message);
            }
            exchange.getResponseHeaders().set("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000");
            send(exchange, 400, err.toString(), "application/x-amz-json-1.1");
        }
    }

    // ---------------------------------------------------------------- GCP KMS

    /** Cloud KMS REST. Bearer token {@code good-token} may use every key, {@code denied-token} none. */
    public static final class GcpKms extends Service {
        public static final String GOOD_TOKEN = "good-token";
        public static final String DENIED_TOKEN = "denied-token";
        public final Set<String> keys = ConcurrentHashMap.newKeySet();

        public GcpKms(String... resources) {
            keys.addAll(Arrays.asList(resources));
        }

        @Override
        void handle(HttpExchange exchange) throws IOException, GeneralSecurityException {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            Matcher m = Pattern.compile("^/v1/(projects/.+/cryptoKeys/[^/:]+):(encrypt|decrypt)$").matcher(path);
            if (!exchange.getRequestMethod().equals("POST") || !m.matches()) {
                error(exchange, 404, "NOT_FOUND", "no such method " + path);
                return;
            }
            String token = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            JsonNode body = body(exchange);
            String name = m.group(1);
            if (!token.equals("Bearer " + GOOD_TOKEN) && !token.equals("Bearer " + DENIED_TOKEN)) {
                error(exchange, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token.");
                return;
            }
            if (token.equals("Bearer " + DENIED_TOKEN)) {
                error(exchange, 403, "PERMISSION_DENIED", "Permission 'cloudkms.cryptoKeyVersions.useTo" + (m.group(2).equals("encrypt") ? "Encrypt" : "Decrypt")
                        + "' denied on resource '" + name + "' (or it may not exist).");
                return;
            }
            if (!keys.contains(name)) {
                error(exchange, 404, "NOT_FOUND", name + " not found.");
                return;
            }
            ObjectNode out = JSON.createObjectNode().put("name", name);
            if (m.group(2).equals("encrypt")) {
                out.put("ciphertext", b64(seal(name, new byte[0], Base64.getDecoder().decode(body.path("plaintext").asText()))));
            } else {
                byte[] plain = open(Base64.getDecoder().decode(body.path("ciphertext").asText()), new byte[0]);
                if (plain == null) {
                    error(exchange, 400, "INVALID_ARGUMENT", "Decryption failed: the ciphertext is invalid.");
                    return;
                }
                out.put("plaintext", b64(plain));
            }
            send(exchange, 200, out.toString());
        }

        private static void error(HttpExchange exchange, int code, String status, String message) throws IOException {
            ObjectNode err = JSON.createObjectNode();
            err.putObject("error").put("code", code).put("message", message).put("status", status);
            send(exchange, code, err.toString());
        }
    }

    // ---------------------------------------------------------------- Azure Key Vault

    /** Key Vault keys: one RSA key per name, version {@code VERSION}; bearer {@code good-token} / {@code denied-token}. */
    public static final class AzureKeyVault extends Service {
        public static final String GOOD_TOKEN = "good-token";
        public static final String DENIED_TOKEN = "denied-token";
        public static final String VERSION = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
        final Map<String, KeyPair> keys = new ConcurrentHashMap<>();

        public AzureKeyVault(String... names) {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                for (String name : names) {
                    keys.put(name, g.generateKeyPair());
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        void handle(HttpExchange exchange) throws IOException, GeneralSecurityException {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            Matcher m = Pattern.compile("^/keys/([^/]+)(?:/([^/]*))?(?:/(wrapkey|unwrapkey))?/?$").matcher(path);
            String token = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            JsonNode body = body(exchange);
            if (!m.matches()) {
                error(exchange, 404, "NotFound", "no such path");
                return;
            }
            String operation = m.group(3);
            String version = m.group(2);
            if ("wrapkey".equals(version) || "unwrapkey".equals(version)) {
                operation = version;
                version = null;
            }
            if (!token.equals("Bearer " + GOOD_TOKEN) && !token.equals("Bearer " + DENIED_TOKEN)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/tenant\", resource=\"https://vault.azure.net\"");
                error(exchange, 401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
                return;
            }
            String name = m.group(1);
            if (token.equals("Bearer " + DENIED_TOKEN)) {
                error(exchange, 403, "Forbidden", "The user, group or application 'appid=00000000-0000-0000-0000-00000000d3n1;oid=11111111-2222-3333-4444-555555555555' does not have keys "
                        + (operation == null ? "get" : operation.equals("wrapkey") ? "wrapKey" : "unwrapKey") + " permission on key vault 'local;location=local'.");
                return;
            }
            KeyPair pair = keys.get(name);
            if (pair == null || (version != null && !version.isEmpty() && !version.equals(VERSION))) {
                error(exchange, 404, "KeyNotFound", "A key with (name/id) " + name + (version == null ? "" : "/" + version) + " was not found in this key vault.");
                return;
            }
            String kid = url() + "/keys/" + name + "/" + VERSION;
            if (operation == null) {
                RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
                ObjectNode out = JSON.createObjectNode();
                out.putObject("key").put("kid", kid).put("kty", "RSA").put("n", b64url(unsigned(pub.getModulus())))
                        .put("e", b64url(unsigned(pub.getPublicExponent()))).putArray("key_ops").add("wrapKey").add("unwrapKey").add("encrypt").add("decrypt");
                out.putObject("attributes").put("enabled", true);
                send(exchange, 200, out.toString());
                return;
            }
            if (!"RSA-OAEP-256".equals(body.path("alg").asText())) {
                error(exchange, 400, "BadParameter", "unsupported algorithm " + body.path("alg").asText());
                return;
            }
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            OAEPParameterSpec oaep = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
            byte[] value = Base64.getUrlDecoder().decode(body.path("value").asText());
            byte[] result;
            if (operation.equals("wrapkey")) {
                rsa.init(Cipher.ENCRYPT_MODE, pair.getPublic(), oaep);
                result = rsa.doFinal(value);
            } else {
                rsa.init(Cipher.DECRYPT_MODE, pair.getPrivate(), oaep);
                try {
                    result = rsa.doFinal(value);
                } catch (GeneralSecurityException e) {
                    error(exchange, 400, "BadParameter", "Bad Request: the ciphertext does not unwrap");
                    return;
                }
            }
            send(exchange, 200, JSON.createObjectNode().put("kid", kid).put("value", b64url(result)).toString());
        }

        private static byte[] unsigned(BigInteger n) {
            byte[] b = n.toByteArray();
            return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
        }

        private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
            ObjectNode err = JSON.createObjectNode();
            err.putObject("error").put("code", code).put("message", message);
            send(exchange, status, err.toString());
        }
    }

    // ---------------------------------------------------------------- Vault transit

    /** Vault transit; token {@code good-token} may use every key, {@code denied-token} none. */
    public static final class Vault extends Service {
        public static final String GOOD_TOKEN = "good-token";
        public static final String DENIED_TOKEN = "denied-token";
        public final Set<String> keys = ConcurrentHashMap.newKeySet();

        /** Keys as ENGINE/NAME. */
        public Vault(String... keys) {
            this.keys.addAll(Arrays.asList(keys));
        }

        @Override
        void handle(HttpExchange exchange) throws IOException, GeneralSecurityException {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            Matcher m = Pattern.compile("^/v1/(.+)/(encrypt|decrypt)/([^/]+)$").matcher(path);
            String token = String.valueOf(exchange.getRequestHeaders().getFirst("X-Vault-Token"));
            JsonNode body = body(exchange);
            if (!exchange.getRequestMethod().equals("POST") || !m.matches()) {
                send(exchange, 404, "{\"errors\":[]}");
                return;
            }
            if (!token.equals(GOOD_TOKEN)) {
                send(exchange, 403, "{\"errors\":[\"permission denied\"]}");
                return;
            }
            String key = m.group(1) + "/" + m.group(3);
            if (!keys.contains(key)) {
                send(exchange, 400, "{\"errors\":[\"encryption key not found\"]}");
                return;
            }
            ObjectNode out = JSON.createObjectNode();
            if (m.group(2).equals("encrypt")) {
                byte[] plain = Base64.getDecoder().decode(body.path("plaintext").asText());
                out.putObject("data").put("ciphertext", "vault:v1:" + b64(seal(key, new byte[0], plain))).put("key_version", 1);
            } else {
                String ciphertext = body.path("ciphertext").asText();
                byte[] plain = ciphertext.startsWith("vault:v1:") ? open(Base64.getDecoder().decode(ciphertext.substring(9)), new byte[0]) : null;
                if (plain == null) {
                    send(exchange, 400, "{\"errors\":[\"cipher: message authentication failed\"]}");
                    return;
                }
                out.putObject("data").put("plaintext", b64(plain));
            }
            send(exchange, 200, out.toString());
        }
    }
}
