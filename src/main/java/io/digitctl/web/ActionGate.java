package io.digitctl.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Who may run actions: nobody when actions are off (403), else whoever sends the bearer token
 * (401 otherwise). The token is compared in constant time, through digests of equal length, so
 * neither its content nor its length shows in the timing.
 */
final class ActionGate {
    enum Verdict { ALLOWED, OFF, NO_TOKEN }

    private final byte[] expected;
    private final String label;

    ActionGate(String token, String label) {
        this.expected = token == null ? null : digest(token);
        this.label = label;
    }

    /** A new random token: 32 bytes, URL-safe base64. */
    static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    boolean enabled() {
        return expected != null;
    }

    /** The value of an {@code Authorization} header (null when absent). */
    Verdict check(String authorization) {
        if (expected == null) {
            return Verdict.OFF;
        }
        String given = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : "";
        return MessageDigest.isEqual(expected, digest(given)) && !given.isEmpty() ? Verdict.ALLOWED : Verdict.NO_TOKEN;
    }

    /** What actions record as who. */
    String actor() {
        return "web:" + label;
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
