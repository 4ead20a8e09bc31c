package io.digitctl.secrets.store;

/** Double-quoted strings for JSON and YAML, which share the escapes that matter here. */
final class Quoting {
    private Quoting() {
    }

    /** Go's json.Marshal quoting, which also escapes {@code <}, {@code >}, {@code &}, U+2028 and U+2029. */
    static String json(String s) {
        return quote(s, true);
    }

    /** YAML double-quoted: control characters, C1 controls and the BOM escaped, everything else as it is. */
    static String yaml(String s) {
        return quote(s, false);
    }

    private static String quote(String s, boolean json) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    boolean control = ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0) || ch == 0xfeff;
                    boolean html = json && (ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029);
                    if (control || html) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
