package io.digitctl.secrets.keys;

import java.util.List;

/**
 * Rebuilds a data key from Shamir shares as sops (HashiCorp Vault's scheme) makes them: each share
 * is 32 y-values and then its x-coordinate; arithmetic in GF(2^8) with the AES polynomial 0x11B;
 * Lagrange interpolation at x = 0, byte by byte.
 */
public final class Shamir {
    private static final int[] EXP = new int[512];
    private static final int[] LOG = new int[256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            LOG[x] = i;
            x ^= (x << 1) ^ ((x & 0x80) != 0 ? 0x11B : 0); // multiply by the generator 3
            x &= 0xFF;
        }
        for (int i = 255; i < 512; i++) {
            EXP[i] = EXP[i - 255];
        }
    }

    private Shamir() {
    }

    static int multiply(int a, int b) {
        return a == 0 || b == 0 ? 0 : EXP[LOG[a] + LOG[b]];
    }

    static int divide(int a, int b) {
        if (b == 0) {
            throw new ArithmeticException("division by zero in GF(256)");
        }
        return a == 0 ? 0 : EXP[(LOG[a] - LOG[b] + 255) % 255];
    }

    public static byte[] combine(List<byte[]> shares) {
        int length = shares.get(0).length - 1;
        for (byte[] s : shares) {
            if (s.length != length + 1) {
                throw new IllegalArgumentException("Shamir shares of different lengths");
            }
        }
        byte[] secret = new byte[length];
        for (int i = 0; i < length; i++) {
            int value = 0;
            for (int j = 0; j < shares.size(); j++) {
                int xj = shares.get(j)[length] & 0xFF;
                int basis = 1;
                for (int m = 0; m < shares.size(); m++) {
                    if (m != j) {
                        int xm = shares.get(m)[length] & 0xFF;
                        basis = multiply(basis, divide(xm, xm ^ xj));
                    }
                }
                value ^= multiply(shares.get(j)[i] & 0xFF, basis);
            }
            secret[i] = (byte) value;
        }
        return secret;
    }

    /**
     * Splits a secret into {@code parts} shares, any {@code threshold} of which rebuild it: share i
     * (0-based) holds the y-values of a random polynomial per byte at x = i+1, then x itself.
     */
    public static List<byte[]> split(byte[] secret, int parts, int threshold, java.security.SecureRandom random) {
        if (threshold < 2 || threshold > parts || parts > 255) {
            throw new IllegalArgumentException("a Shamir threshold must be between 2 and the number of key groups (" + parts + "), not " + threshold);
        }
        List<byte[]> shares = new java.util.ArrayList<>();
        for (int i = 0; i < parts; i++) {
            byte[] share = new byte[secret.length + 1];
            share[secret.length] = (byte) (i + 1);
            shares.add(share);
        }
        int[] coefficients = new int[threshold];
        for (int b = 0; b < secret.length; b++) {
            coefficients[0] = secret[b] & 0xFF;
            for (int c = 1; c < threshold; c++) {
                coefficients[c] = random.nextInt(256);
            }
            for (int i = 0; i < parts; i++) {
                int x = i + 1;
                int y = 0;
                for (int c = threshold - 1; c >= 0; c--) {
                    y = multiply(y, x) ^ coefficients[c];
                }
                shares.get(i)[b] = (byte) y;
            }
        }
        java.util.Arrays.fill(coefficients, 0);
        return shares;
    }
}
