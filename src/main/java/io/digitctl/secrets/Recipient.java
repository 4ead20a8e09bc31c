package io.digitctl.secrets;

import java.util.Map;

/** Someone who can open the data key of a file: an age key, a PGP key, or a cloud KMS key. */
public sealed interface Recipient {

    /** How the recipient is named in messages. */
    String describe();

    record Age(String recipient, String enc) implements Recipient {
        @Override
        public String describe() {
            return "age " + recipient;
        }
    }

    /** {@code fingerprint} names the primary key; the message itself goes to an encryption subkey. */
    record Pgp(String fingerprint, String createdAt, String enc) implements Recipient {
        @Override
        public String describe() {
            return "pgp " + fingerprint;
        }
    }

    /** AWS KMS, GCP KMS, Azure Key Vault, HashiCorp Vault or Huawei KMS, kept as read. */
    record Cloud(String type, Map<String, Object> fields) implements Recipient {
        @Override
        public String describe() {
            return switch (type) {
                case "kms" -> "aws kms " + fields.get("arn");
                case "gcp_kms" -> "gcp kms " + fields.get("resource_id");
                case "azure_kv" -> "azure key vault " + fields.get("vault_url") + "/keys/" + fields.get("name")
                        + (fields.get("version") == null || String.valueOf(fields.get("version")).isEmpty() ? "" : "/" + fields.get("version"));
                case "hc_vault" -> "vault " + fields.get("vault_address") + "/v1/" + fields.get("engine_path") + "/keys/" + fields.get("key_name");
                case "hckms" -> "huawei kms " + fields.get("key_id");
                default -> type;
            };
        }

        /** The key itself, as given to encrypt for it: the stanza without {@code enc} and {@code created_at}. */
        public Cloud withoutKey() {
            Map<String, Object> key = new java.util.LinkedHashMap<>(fields);
            key.remove("enc");
            key.remove("created_at");
            return new Cloud(type, key);
        }

        public String enc() {
            Object enc = fields.get("enc");
            return enc == null ? null : String.valueOf(enc);
        }
    }
}
