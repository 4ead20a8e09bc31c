package io.digitctl.secrets.kms;

import io.digitctl.secrets.Recipient;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cloud keys as users name them (flags and {@code .sops.yaml}), turned into stanzas without
 * {@code enc}, with sops's syntax: {@code ARN[+ROLE_ARN]}, a GCP key resource name, an Azure key URL
 * {@code https://VAULT.vault.azure.net/keys/NAME[/VERSION]}, a Vault transit URI
 * {@code https://VAULT:8200/v1/ENGINE/keys/NAME}. A bad name throws {@link KmsException} of kind INVALID.
 */
public final class KeySpecs {
    private KeySpecs() {
    }

    /** Comma-separated {@code ARN[+ROLE]} entries, each with the encryption context and profile given. */
    public static List<Recipient.Cloud> aws(String arns, Map<String, String> context, String profile) {
        List<Recipient.Cloud> out = new ArrayList<>();
        for (String entry : split(arns)) {
            int plus = entry.indexOf('+');
            String arn = plus < 0 ? entry : entry.substring(0, plus);
            String role = plus < 0 ? "" : entry.substring(plus + 1);
            out.add(aws(arn, role, context, profile));
        }
        return out;
    }

    public static Recipient.Cloud aws(String arn, String role, Map<String, String> context, String profile) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("arn", arn.strip());
        if (role != null && !role.isBlank()) {
            fields.put("role", role.strip());
        }
        if (context != null && !context.isEmpty()) {
            fields.put("context", new TreeMap<>(context));
        }
        fields.put("aws_profile", profile == null ? "" : profile.strip());
        Recipient.Cloud key = new Recipient.Cloud("kms", fields);
        AwsKms.Key.of(key);
        return key;
    }

    /** {@code key:value,key2:value2}, as sops's {@code --encryption-context}. */
    public static Map<String, String> context(String text) {
        Map<String, String> out = new TreeMap<>();
        for (String pair : split(text)) {
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw new KmsException(KmsException.Kind.INVALID, "encryption context '" + pair + "' is not KEY:VALUE");
            }
            out.put(pair.substring(0, colon).strip(), pair.substring(colon + 1).strip());
        }
        return out;
    }

    public static List<Recipient.Cloud> gcp(String resources) {
        List<Recipient.Cloud> out = new ArrayList<>();
        for (String id : split(resources)) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("resource_id", id);
            out.add(new Recipient.Cloud("gcp_kms", fields));
        }
        return out;
    }

    public static List<Recipient.Cloud> azure(String urls) {
        List<Recipient.Cloud> out = new ArrayList<>();
        for (String url : split(urls)) {
            AzureKeyVault.Key key = AzureKeyVault.Key.ofUrl(url);
            out.add(azure(key.vault(), key.name(), key.version()));
        }
        return out;
    }

    public static Recipient.Cloud azure(String vaultUrl, String name, String version) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("vault_url", vaultUrl == null ? "" : vaultUrl.strip().replaceAll("/+$", ""));
        fields.put("name", name == null ? "" : name.strip());
        fields.put("version", version == null ? "" : version.strip());
        Recipient.Cloud key = new Recipient.Cloud("azure_kv", fields);
        AzureKeyVault.Key.of(key);
        return key;
    }

    public static List<Recipient.Cloud> vault(String uris) {
        List<Recipient.Cloud> out = new ArrayList<>();
        for (String uri : split(uris)) {
            out.add(vaultUri(uri));
        }
        return out;
    }

    private static Recipient.Cloud vaultUri(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        String path = uri == null || uri.getRawPath() == null ? "" : uri.getRawPath();
        int keys = path.lastIndexOf("/keys/");
        if (uri == null || uri.getScheme() == null || uri.getHost() == null || !path.startsWith("/v1/") || keys < 4
                || path.substring(keys + 6).isEmpty() || path.substring(keys + 6).contains("/")) {
            throw new KmsException(KmsException.Kind.INVALID, "'" + text + "' is not a Vault transit key URI (https://VAULT:8200/v1/ENGINE/keys/NAME)");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("vault_address", uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
        fields.put("engine_path", path.substring(4, keys));
        fields.put("key_name", path.substring(keys + 6));
        return new Recipient.Cloud("hc_vault", fields);
    }

    private static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }
}
