package io.digitctl.action;

import io.digitctl.kube.ledger.Revision;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** An environment's ledger in short: each service's latest revision ({@link io.digitctl.kube.ledger.Ledger#latestByService}), and a fingerprint that changes whenever one is recorded. */
public final class LedgerState {
    private LedgerState() {
    }

    /** service → "revision status", as a plan file records it. */
    public static Map<String, String> summary(Map<String, Revision> latest) {
        Map<String, String> out = new TreeMap<>();
        latest.forEach((service, r) -> out.put(service, r.number() + " " + r.status().name().toLowerCase()));
        return out;
    }

    public static String fingerprint(Map<String, String> summary) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            summary.forEach((k, v) -> sha.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
            return "sha256:" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
