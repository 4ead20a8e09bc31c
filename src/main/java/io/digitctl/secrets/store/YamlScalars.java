package io.digitctl.secrets.store;

import io.digitctl.secrets.doc.SopsTime;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Types plain YAML scalars as go-yaml v3 does (the YAML 1.2 core schema with its extensions), so that
 * a value gets the same SOPS type and MAC bytes as with the real sops: {@code yes} stays a string,
 * {@code 0755} is octal, a date is a time.
 */
final class YamlScalars {
    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
    private static final Map<String, Boolean> BOOLS = Map.of("true", true, "True", true, "TRUE", true,
            "false", false, "False", false, "FALSE", false);
    private static final Pattern YAML_FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:([Tt]|[ \\t]+)(\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.(\\d{1,9}))?[ \\t]*(Z|[-+]\\d{1,2}(?::?\\d{2})?)?)?");

    private YamlScalars() {
    }

    /** The typed value of a plain (unquoted) scalar. */
    static Object resolvePlain(String text) {
        if (NULLS.contains(text)) {
            return null;
        }
        Boolean bool = BOOLS.get(text);
        if (bool != null) {
            return bool;
        }
        if (text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        if (first == '.' || first == '+' || first == '-' || Character.isDigit(first)) {
            Object special = specialFloat(text);
            if (special != null) {
                return special;
            }
            if (Character.isDigit(first)) {
                SopsTime time = timestamp(text);
                if (time != null) {
                    return time;
                }
            }
            String plain = text.replace("_", "");
            Long integer = parseGoInt(plain);
            if (integer != null) {
                return integer;
            }
            if (YAML_FLOAT.matcher(plain).matches()) {
                try {
                    return Double.parseDouble(plain);
                } catch (NumberFormatException ignored) {
                    // not a number after all
                }
            }
        }
        return text;
    }

    private static Double specialFloat(String text) {
        return switch (text) {
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> Double.POSITIVE_INFINITY;
            case "-.inf", "-.Inf", "-.INF" -> Double.NEGATIVE_INFINITY;
            case ".nan", ".NaN", ".NAN" -> Double.NaN;
            default -> null;
        };
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)}: 0x, 0o, 0b prefixes, and a leading 0 for octal. */
    static Long parseGoInt(String s) {
        String body = s;
        boolean negative = false;
        if (body.startsWith("+") || body.startsWith("-")) {
            negative = body.charAt(0) == '-';
            body = body.substring(1);
        }
        if (body.isEmpty()) {
            return null;
        }
        int radix = 10;
        String lower = body.toLowerCase();
        if (lower.startsWith("0x")) {
            radix = 16;
            body = body.substring(2);
        } else if (lower.startsWith("0o")) {
            radix = 8;
            body = body.substring(2);
        } else if (lower.startsWith("0b")) {
            radix = 2;
            body = body.substring(2);
        } else if (body.length() > 1 && body.charAt(0) == '0') {
            radix = 8;
            body = body.substring(1);
        }
        if (body.isEmpty() || body.startsWith("+") || body.startsWith("-")) {
            return null;
        }
        try {
            return Long.parseLong((negative ? "-" : "") + body, radix);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static SopsTime timestamp(String text) {
        Matcher m = TIMESTAMP.matcher(text);
        if (!m.matches()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            if (m.group(5) == null) {
                return new SopsTime(date.atStartOfDay().atOffset(ZoneOffset.UTC));
            }
            int nanos = m.group(8) == null ? 0 : Integer.parseInt((m.group(8) + "000000000").substring(0, 9));
            LocalDateTime time = date.atTime(Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)), Integer.parseInt(m.group(7)), nanos);
            ZoneOffset offset = m.group(9) == null || m.group(9).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(normalizeOffset(m.group(9)));
            return new SopsTime(OffsetDateTime.of(time, offset));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String normalizeOffset(String zone) {
        String digits = zone.substring(1).replace(":", "");
        if (digits.length() <= 2) {
            digits = String.format("%02d00", Integer.parseInt(digits));
        }
        return zone.charAt(0) + digits.substring(0, 2) + ":" + digits.substring(2);
    }
}
