package io.digitctl.secrets.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * AES-256-GCM over one value with the data key, a 32-byte IV and the value's key path as AAD.
 * A new {@link Cipher} per value: the JDK refuses to reuse a key and IV pair on one object, and
 * sops reuses the IV of an unchanged value on purpose.
 */
public final class ValueCipher {
    private static final int IV_BYTES = 32;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public ValueCipher(byte[] dataKey) {
        if (dataKey.length != 32) {
            throw new IllegalArgumentException("a SOPS data key has 32 bytes, not " + dataKey.length);
        }
        this.key = new SecretKeySpec(dataKey, "AES");
    }

    /** @throws AEADBadTagException when the value, its AAD or the key does not match */
    public byte[] decrypt(EncryptedValue value, String aad) throws AEADBadTagException {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, value.iv()));
            cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            byte[] joined = Arrays.copyOf(value.data(), value.data().length + value.tag().length);
            System.arraycopy(value.tag(), 0, joined, value.data().length, value.tag().length);
            return cipher.doFinal(joined);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    /** Encrypts with the given IV, or a fresh random one when {@code iv} is null. */
    public EncryptedValue encrypt(byte[] plaintext, String aad, String type, byte[] iv) {
        byte[] nonce = iv != null ? iv : randomIv();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            byte[] out = cipher.doFinal(plaintext);
            int tagLength = TAG_BITS / 8;
            return new EncryptedValue(Arrays.copyOf(out, out.length - tagLength),
                    nonce, Arrays.copyOfRange(out, out.length - tagLength, out.length), type);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    private static byte[] randomIv() {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        return iv;
    }
}
