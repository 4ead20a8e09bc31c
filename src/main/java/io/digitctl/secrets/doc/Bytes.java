package io.digitctl.secrets.doc;

import java.util.Arrays;

/** Raw bytes that are not UTF-8 text, as the binary store holds them; never decoded and re-encoded. */
public record Bytes(byte[] value) {
    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Bytes[" + value.length + "]";
    }
}
