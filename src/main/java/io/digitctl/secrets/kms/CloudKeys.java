package io.digitctl.secrets.kms;

import io.digitctl.secrets.Recipient;
import io.digitctl.secrets.keys.CloudKeyService;
import io.digitctl.secrets.keys.KeySettings;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The four cloud key services sops uses, each reached through its maintained SDK (Vault through the
 * JDK's HTTP client), with credentials from its standard chain read from {@link KeySettings#environment()}.
 * Clients are made on first use, so a file that age or PGP opens never loads an SDK.
 */
public final class CloudKeys implements CloudKeyService {
    private final KeySettings settings;
    private final Overrides overrides;
    private final Map<String, KeyServiceClient> clients = new HashMap<>();

    /**
     * What tests (or embedders) put in place of a standard credential chain.
     *
     * @param azureCredential the Azure token credential; null for DefaultAzureCredential
     */
    public record Overrides(com.azure.core.credential.TokenCredential azureCredential) {
        public static final Overrides NONE = new Overrides(null);
    }

    public CloudKeys(KeySettings settings) {
        this(settings, Overrides.NONE);
    }

    public CloudKeys(KeySettings settings, Overrides overrides) {
        this.settings = settings;
        this.overrides = overrides;
    }

    @Override
    public byte[] unwrap(Recipient.Cloud recipient) {
        if (recipient.enc() == null || recipient.enc().isBlank()) {
            throw new KmsException(KmsException.Kind.INVALID, recipient.describe() + ": the stanza has no enc");
        }
        return client(recipient).decrypt(recipient);
    }

    @Override
    public Recipient.Cloud wrap(Recipient.Cloud key, byte[] payload, String createdAt) {
        return client(key).encrypt(key, payload, createdAt);
    }

    @Override
    public Usability usability(Recipient.Cloud recipient) {
        try {
            return client(recipient).usability(recipient);
        } catch (KmsException e) {
            return new Usability(false, e.getMessage());
        }
    }

    private synchronized KeyServiceClient client(Recipient.Cloud key) {
        Function<String, KeyServiceClient> make = type -> switch (type) {
            case "kms" -> new AwsKms(settings);
            case "gcp_kms" -> new GcpKms(settings);
            case "azure_kv" -> new AzureKeyVault(settings, overrides.azureCredential());
            case "hc_vault" -> new VaultTransit(settings);
            default -> throw new KmsException(KmsException.Kind.UNSUPPORTED, key.describe()
                    + ": digitctl does not support this key service (Huawei Cloud KMS); use sops for it");
        };
        return clients.computeIfAbsent(key.type(), make);
    }

    /** An environment variable a key service reads (credentials, endpoints), stripped; null when unset or blank. */
    static String setting(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** Why a request to a key service could not be sent, or null when the failure was something else. */
    static String unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.SocketTimeoutException || t instanceof java.net.http.HttpTimeoutException
                    || t instanceof java.net.NoRouteToHostException) {
                return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
            }
        }
        return null;
    }

    static String text(Recipient.Cloud r, String field) {
        Object v = r.fields().get(field);
        return v == null ? "" : String.valueOf(v).strip();
    }

    /** The first line of a service's message, without trailing dots, so that it reads inside a sentence. */
    static String answer(String message) {
        if (message == null || message.isBlank()) {
            return "no message";
        }
        java.util.regex.Matcher json = java.util.regex.Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(message);
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("\"code\"\\s*:\\s*\"([^\"]*)\"").matcher(message);
        java.util.regex.Matcher status = java.util.regex.Pattern.compile("^Status code (\\d+)").matcher(message.strip());
        if (json.find()) {
            message = (status.find() ? status.group(1) + " " : "") + (code.find() ? code.group(1) + ": " : "") + json.group(1).replace("\\\"", "\"");
        }
        String line = message.strip().lines().findFirst().orElse("").strip();
        while (line.endsWith(".")) {
            line = line.substring(0, line.length() - 1);
        }
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }
}
