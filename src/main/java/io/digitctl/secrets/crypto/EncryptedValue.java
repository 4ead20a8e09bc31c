package io.digitctl.secrets.crypto;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]} text of one encrypted value. */
public record EncryptedValue(byte[] data, byte[] iv, byte[] tag, String type) {
    private static final String PREFIX = "ENC[AES256_GCM,";
    private static final Pattern FORMAT = Pattern.compile(
            "ENC\\[AES256_GCM,data:([^,]*),iv:([^,]*),tag:([^,]*),type:([^,\\]]*)\\]");

    public static boolean looksEncrypted(Object value) {
        return value instanceof String s && s.startsWith(PREFIX);
    }

    /** Parses the text; an {@link IllegalArgumentException} says what is wrong with it. */
    public static EncryptedValue parse(String text) {
        Matcher m = FORMAT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a SOPS encrypted value (expected ENC[AES256_GCM,data:…,iv:…,tag:…,type:…])");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        try {
            return new EncryptedValue(b64.decode(m.group(1)), b64.decode(m.group(2)), b64.decode(m.group(3)), m.group(4));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid base64 in the encrypted value");
        }
    }

    public String text() {
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + "data:" + b64.encodeToString(data) + ",iv:" + b64.encodeToString(iv)
                + ",tag:" + b64.encodeToString(tag) + ",type:" + type + "]";
    }
}
