package io.digitctl.secrets.crypto;

import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The IV each (plaintext, path, type) had when the file was decrypted. Encrypting the same value
 * at the same place again reuses it, as sops does, so an edit changes only the lines it touched.
 */
public final class IvStash {
    private final Map<String, byte[]> ivs = new ConcurrentHashMap<>();

    void remember(String aad, String type, byte[] plaintext, byte[] iv) {
        ivs.put(key(aad, type, plaintext), iv.clone());
    }

    byte[] recall(String aad, String type, byte[] plaintext) {
        byte[] iv = ivs.get(key(aad, type, plaintext));
        return iv == null ? null : iv.clone();
    }

    private static String key(String aad, String type, byte[] plaintext) {
        return aad + '\u0000' + type + '\u0000' + HexFormat.of().formatHex(plaintext);
    }
}
