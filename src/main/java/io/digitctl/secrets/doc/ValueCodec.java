package io.digitctl.secrets.doc;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * The plaintext form of a leaf, as SOPS encrypts it and feeds it to the MAC, and back: strings as
 * UTF-8, ints in decimal, floats in Go's shortest plain notation, booleans as {@code True}/{@code False},
 * times as RFC 3339.
 */
public final class ValueCodec {
    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    private ValueCodec() {
    }

    /** The SOPS type name of a leaf. */
    public static String type(Object value) {
        if (value instanceof String || value instanceof Bytes) return "str";
        if (value instanceof Long) return "int";
        if (value instanceof Double) return "float";
        if (value instanceof Boolean) return "bool";
        if (value instanceof SopsTime) return "time";
        if (value instanceof Comment) return "comment";
        throw new IllegalArgumentException("not a SOPS leaf: " + value);
    }

    public static byte[] encode(Object value) {
        if (value instanceof String s) return s.getBytes(StandardCharsets.UTF_8);
        if (value instanceof Bytes b) return b.value().clone();
        if (value instanceof Long l) return Long.toString(l).getBytes(StandardCharsets.UTF_8);
        if (value instanceof Double d) return formatFloat(d).getBytes(StandardCharsets.UTF_8);
        if (value instanceof Boolean b) return (b ? "True" : "False").getBytes(StandardCharsets.UTF_8);
        if (value instanceof SopsTime t) return t.text().getBytes(StandardCharsets.UTF_8);
        if (value instanceof Comment c) return c.text().getBytes(StandardCharsets.UTF_8);
        throw new IllegalArgumentException("not a SOPS leaf: " + value);
    }

    /** Go's {@code strconv.FormatFloat(f, 'f', -1, 64)}: shortest digits that read back, never an exponent. */
    public static String formatFloat(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "+Inf" : "-Inf";
        if (d == 0) return (1 / d < 0) ? "-0" : "0";
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    /**
     * The typed value of decrypted bytes.
     *
     * @throws IllegalArgumentException when the bytes do not read as the type, or the type is unknown
     */
    public static Object decode(String type, byte[] plaintext) {
        String text = new String(plaintext, StandardCharsets.UTF_8);
        switch (type) {
            case "str":
            case "bytes":
                return utf8(plaintext) ? text : new Bytes(plaintext);
            case "int":
                return Long.parseLong(text);
            case "float":
                return Double.parseDouble(text.replace("Inf", "Infinity"));
            case "bool":
                if (TRUE.contains(text)) return Boolean.TRUE;
                if (FALSE.contains(text)) return Boolean.FALSE;
                throw new IllegalArgumentException("'" + text + "' is not a boolean");
            case "time":
                try {
                    return new SopsTime(OffsetDateTime.parse(text));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("'" + text + "' is not an RFC 3339 time");
                }
            case "comment":
                return new Comment(text);
            default:
                throw new IllegalArgumentException("unknown value type '" + type + "'");
        }
    }

    private static boolean utf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
