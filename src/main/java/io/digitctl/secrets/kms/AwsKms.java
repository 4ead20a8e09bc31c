package io.digitctl.secrets.kms;

import io.digitctl.secrets.Recipient;
import io.digitctl.secrets.keys.CloudKeyService.Usability;
import io.digitctl.secrets.keys.KeySettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS KMS through the AWS SDK for Java v2 ({@code kms}, with the JDK URLConnection HTTP client).
 * As sops does: the region comes from the key ARN, {@code role} is assumed first through STS, the
 * stanza's {@code context} is the encryption context, and {@code aws_profile} picks a profile.
 * Credentials follow the SDK's default chain, read from the given environment: environment
 * variables, web identity, the shared config and credentials files (SSO and credential_process
 * profiles included), container credentials and instance metadata. {@code AWS_ENDPOINT_URL_KMS}
 * (else {@code AWS_ENDPOINT_URL}) points at another KMS endpoint, {@code AWS_ENDPOINT_URL_STS} at another STS.
 */
final class AwsKms implements KeyServiceClient {
    private static final Pattern ARN = Pattern.compile("^arn:aws[\\w-]*:kms:([^:]+):[0-9]*:(key|alias)/.+$");

    private final Map<String, String> env;
    private final Path home;
    private final Map<String, KmsClient> clients = new TreeMap<>();
    private SdkHttpClient http;

    AwsKms(KeySettings settings) {
        this.env = settings.environment();
        this.home = settings.home();
    }

    @Override
    public byte[] decrypt(Recipient.Cloud stanza) {
        Key key = Key.of(stanza);
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(stanza.enc().strip());
        } catch (IllegalArgumentException e) {
            throw new KmsException(KmsException.Kind.INVALID, stanza.describe() + ": enc is not base64");
        }
        Call call = call(key);
        try {
            return call.client.decrypt(DecryptRequest.builder().keyId(key.arn).ciphertextBlob(SdkBytes.fromByteArray(blob))
                    .encryptionContext(key.context).build()).plaintext().asByteArray();
        } catch (SdkException e) {
            throw failure(key, call, "kms:Decrypt", e);
        }
    }

    @Override
    public Recipient.Cloud encrypt(Recipient.Cloud spec, byte[] payload, String createdAt) {
        Key key = Key.of(spec);
        Call call = call(key);
        byte[] blob;
        try {
            blob = call.client.encrypt(EncryptRequest.builder().keyId(key.arn).plaintext(SdkBytes.fromByteArray(payload))
                    .encryptionContext(key.context).build()).ciphertextBlob().asByteArray();
        } catch (SdkException e) {
            throw failure(key, call, "kms:Encrypt", e);
        }
        return stanza(key, createdAt, Base64.getEncoder().encodeToString(blob));
    }

    /** The stanza as sops 3.x writes it: role and context only when set, aws_profile always. */
    static Recipient.Cloud stanza(Key key, String createdAt, String enc) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("arn", key.arn);
        if (!key.role.isEmpty()) {
            fields.put("role", key.role);
        }
        if (!key.context.isEmpty()) {
            fields.put("context", new TreeMap<>(key.context));
        }
        fields.put("created_at", createdAt);
        fields.put("enc", enc);
        fields.put("aws_profile", key.profile);
        return new Recipient.Cloud("kms", fields);
    }

    @Override
    public Usability usability(Recipient.Cloud stanza) {
        Key key = Key.of(stanza);
        if (!key.profile.isEmpty()) {
            return profileFile().profile(key.profile).isPresent()
                    ? new Usability(true, "AWS profile '" + key.profile + "'")
                    : new Usability(false, "no AWS profile '" + key.profile + "' in " + configFiles());
        }
        if (env(("AWS_ACCESS_KEY_ID")) != null && env("AWS_SECRET_ACCESS_KEY") != null) {
            return new Usability(true, "AWS credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
        }
        if (env("AWS_WEB_IDENTITY_TOKEN_FILE") != null && env("AWS_ROLE_ARN") != null) {
            return new Usability(true, "AWS web identity (AWS_WEB_IDENTITY_TOKEN_FILE)");
        }
        String profile = profileName();
        if (profileFile().profile(profile).isPresent()) {
            return new Usability(true, "AWS profile '" + profile + "' in " + configFiles());
        }
        if (env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != null || env("AWS_CONTAINER_CREDENTIALS_FULL_URI") != null) {
            return new Usability(true, "AWS container credentials");
        }
        return new Usability(false, "no AWS credentials found (" + chainDescription() + "); instance metadata is asked only when decrypting");
    }

    private record Call(KmsClient client, String endpoint, String identity) {
    }

    private Call call(Key key) {
        AwsCredentialsProvider credentials = credentials(key);
        AwsCredentials resolved;
        try {
            resolved = credentials.resolveCredentials();
        } catch (StsException e) {
            throw new KmsException(kindOf(e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode(), e.statusCode()),
                    key.describe() + ": assuming role " + key.role + " failed: STS answered "
                            + (e.awsErrorDetails() == null ? CloudKeys.answer(e.getMessage())
                            : e.awsErrorDetails().errorCode() + ": " + CloudKeys.answer(e.awsErrorDetails().errorMessage())));
        } catch (SdkException e) {
            if (!key.role.isEmpty() && CloudKeys.unreachable(e) != null) {
                throw new KmsException(KmsException.Kind.UNREACHABLE, key.describe() + ": cannot reach STS to assume role "
                        + key.role + ": " + CloudKeys.unreachable(e));
            }
            throw new KmsException(KmsException.Kind.NO_CREDENTIALS, key.describe() + ": no AWS credentials found; tried "
                    + (key.profile.isEmpty() ? chainDescription() : "the profile '" + key.profile + "' of the stanza (aws_profile) in " + configFiles()));
        }
        String identity = "access key " + resolved.accessKeyId() + (key.role.isEmpty() ? "" : " as role " + key.role);
        String endpoint = endpoint("KMS");
        String cacheKey = key.region + "|" + key.role + "|" + key.profile;
        KmsClient client = clients.computeIfAbsent(cacheKey, k -> {
            var builder = KmsClient.builder().region(Region.of(key.region)).credentialsProvider(() -> resolved)
                    .httpClient(http());
            if (endpoint != null) {
                builder.endpointOverride(URI.create(endpoint));
            }
            return builder.build();
        });
        return new Call(client, endpoint != null ? endpoint : "https://kms." + key.region + ".amazonaws.com", identity);
    }

    private synchronized SdkHttpClient http() {
        if (http == null) {
            http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(30)).build();
        }
        return http;
    }

    private AwsCredentialsProvider credentials(Key key) {
        AwsCredentialsProvider base;
        if (!key.profile.isEmpty()) {
            base = ProfileCredentialsProvider.builder().profileFile(this::profileFile).profileName(key.profile).build();
        } else {
            List<AwsCredentialsProvider> chain = new ArrayList<>();
            String id = env("AWS_ACCESS_KEY_ID");
            String secret = env("AWS_SECRET_ACCESS_KEY");
            if (id != null && secret != null) {
                String token = env("AWS_SESSION_TOKEN");
                chain.add(StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(id, secret)
                        : AwsSessionCredentials.create(id, secret, token)));
            }
            if (env("AWS_WEB_IDENTITY_TOKEN_FILE") != null && env("AWS_ROLE_ARN") != null) {
                chain.add(WebIdentityTokenFileCredentialsProvider.builder().webIdentityTokenFile(Path.of(env("AWS_WEB_IDENTITY_TOKEN_FILE")))
                        .roleArn(env("AWS_ROLE_ARN")).roleSessionName(env("AWS_ROLE_SESSION_NAME") != null ? env("AWS_ROLE_SESSION_NAME") : sessionName())
                        .build());
            }
            String profile = profileName();
            if (profileFile().profile(profile).isPresent()) {
                chain.add(ProfileCredentialsProvider.builder().profileFile(this::profileFile).profileName(profile).build());
            }
            if (env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != null || env("AWS_CONTAINER_CREDENTIALS_FULL_URI") != null) {
                chain.add(ContainerCredentialsProvider.builder().build());
            }
            if (!"true".equalsIgnoreCase(env("AWS_EC2_METADATA_DISABLED"))) {
                chain.add(InstanceProfileCredentialsProvider.builder().profileFile(this::profileFile).profileName(profile).build());
            }
            if (chain.isEmpty()) {
                base = () -> {
                    throw SdkClientException.create("no credentials");
                };
            } else {
                base = AwsCredentialsProviderChain.builder().credentialsProviders(chain).build();
            }
        }
        if (key.role.isEmpty()) {
            return base;
        }
        var sts = StsClient.builder().region(Region.of(key.region)).credentialsProvider(base).httpClient(http());
        String stsEndpoint = endpoint("STS");
        if (stsEndpoint != null) {
            sts.endpointOverride(URI.create(stsEndpoint));
        }
        return StsAssumeRoleCredentialsProvider.builder().stsClient(sts.build()).asyncCredentialUpdateEnabled(false)
                .refreshRequest(AssumeRoleRequest.builder().roleArn(key.role).roleSessionName(sessionName()).build()).build();
    }

    private KmsException failure(Key key, Call call, String action, SdkException e) {
        String where = key.describe() + " (" + action + " at " + call.endpoint + ", as " + call.identity + ")";
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            String message = CloudKeys.answer(service.awsErrorDetails().errorMessage());
            KmsException.Kind kind = kindOf(code, service.statusCode());
            String what = switch (kind) {
                case ACCESS_DENIED -> "access denied";
                case CREDENTIALS_REJECTED -> "the credentials were rejected";
                case KEY_NOT_FOUND -> "key not found";
                case CANNOT_DECRYPT -> "the data key does not open with this key"
                        + (key.context.isEmpty() ? "" : " and encryption context " + new TreeMap<>(key.context));
                default -> "failed";
            };
            return new KmsException(kind, where + ": " + what + "; KMS answered " + code + ": " + message);
        }
        String reason = CloudKeys.unreachable(e);
        if (reason != null) {
            return new KmsException(KmsException.Kind.UNREACHABLE, key.describe() + ": cannot reach " + call.endpoint + ": " + reason);
        }
        return new KmsException(KmsException.Kind.OTHER, where + ": " + CloudKeys.answer(e.getMessage()));
    }

    private static KmsException.Kind kindOf(String code, int status) {
        return switch (code == null ? "" : code) {
            case "AccessDeniedException", "AccessDenied" -> KmsException.Kind.ACCESS_DENIED;
            case "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException", "InvalidClientTokenId",
                 "SignatureDoesNotMatch", "IncompleteSignature" -> KmsException.Kind.CREDENTIALS_REJECTED;
            case "NotFoundException", "DisabledException", "KMSInvalidStateException" -> KmsException.Kind.KEY_NOT_FOUND;
            case "InvalidCiphertextException", "IncorrectKeyException", "InvalidKeyUsageException" -> KmsException.Kind.CANNOT_DECRYPT;
            default -> status == 403 ? KmsException.Kind.ACCESS_DENIED : KmsException.Kind.OTHER;
        };
    }

    private String endpoint(String service) {
        String specific = env("AWS_ENDPOINT_URL_" + service);
        return specific != null ? specific : env("AWS_ENDPOINT_URL");
    }

    private String profileName() {
        String profile = env("AWS_PROFILE");
        return profile != null ? profile : "default";
    }

    private Path credentialsFile() {
        String f = env("AWS_SHARED_CREDENTIALS_FILE");
        return f != null ? Path.of(f) : home.resolve(".aws").resolve("credentials");
    }

    private Path configFile() {
        String f = env("AWS_CONFIG_FILE");
        return f != null ? Path.of(f) : home.resolve(".aws").resolve("config");
    }

    private String configFiles() {
        return credentialsFile() + " and " + configFile();
    }

    private ProfileFile profileFile() {
        ProfileFile.Aggregator all = ProfileFile.aggregator();
        if (Files.isRegularFile(credentialsFile())) {
            all.addFile(ProfileFile.builder().content(credentialsFile()).type(ProfileFile.Type.CREDENTIALS).build());
        }
        if (Files.isRegularFile(configFile())) {
            all.addFile(ProfileFile.builder().content(configFile()).type(ProfileFile.Type.CONFIGURATION).build());
        }
        return all.build();
    }

    private String chainDescription() {
        return "environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, web identity (AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN), "
                + "profile '" + profileName() + "' (AWS_PROFILE) in " + configFiles() + " including SSO, "
                + "container credentials (AWS_CONTAINER_CREDENTIALS_*), "
                + ("true".equalsIgnoreCase(env("AWS_EC2_METADATA_DISABLED")) ? "not instance metadata (AWS_EC2_METADATA_DISABLED)" : "EC2 instance metadata");
    }

    private static String sessionName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        String name = ("sops@" + host).replaceAll("[^\\w+=,.@-]", "-");
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    private String env(String name) {
        return CloudKeys.setting(env, name);
    }

    /** An AWS KMS key as a stanza names it. */
    record Key(String arn, String role, Map<String, String> context, String profile, String region) {
        static Key of(Recipient.Cloud r) {
            String arn = CloudKeys.text(r, "arn");
            Matcher m = ARN.matcher(arn);
            if (!m.matches()) {
                throw new KmsException(KmsException.Kind.INVALID, r.describe() + ": '" + arn + "' is not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)");
            }
            Map<String, String> context = new TreeMap<>();
            if (r.fields().get("context") instanceof Map<?, ?> ctx) {
                ctx.forEach((k, v) -> context.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
            }
            return new Key(arn, CloudKeys.text(r, "role"), context, CloudKeys.text(r, "aws_profile"), m.group(1));
        }

        String describe() {
            return "aws kms " + arn;
        }
    }
}
