package io.digitctl.secrets.store;

import io.digitctl.secrets.doc.Branch;
import io.digitctl.secrets.doc.Bytes;
import io.digitctl.secrets.doc.Comment;
import io.digitctl.secrets.doc.KeyValue;
import io.digitctl.secrets.doc.Sequence;
import io.digitctl.secrets.doc.SopsTime;
import io.digitctl.secrets.doc.ValueCodec;

import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes SOPS branches as YAML the way sops lays them out: four spaces per level, lists indented
 * under their key, comments on their own lines at the indentation of the branch they belong to (so
 * that any reader, sops included, puts them back where their AAD says), multi-line strings as
 * literal blocks, and quotes wherever a plain scalar could read as something else.
 */
final class YamlWriter {
    private static final int INDENT = 4;
    private static final Set<String> WORDS_WITH_MEANING = Set.of("null", "~", "true", "false", "yes", "no", "on", "off", "y", "n");
    /** YAML 1.1 typing, close to the yaml.v2 that Helm reads values files with. */
    private static final Resolver YAML_1_1 = new Resolver();
    private static final Pattern PLAIN_SAFE = Pattern.compile("[A-Za-z0-9_/$^()][^\\n\\r\\t#]*");

    private YamlWriter() {
    }

    static String write(List<Branch> documents) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < documents.size(); i++) {
            if (i > 0) {
                out.append("---\n");
            }
            Branch doc = documents.get(i);
            if (doc.items().isEmpty()) {
                out.append("{}\n");
            } else {
                branch(doc, 0, out);
            }
        }
        return out.toString();
    }

    private static void branch(Branch branch, int indent, StringBuilder out) {
        for (Object item : branch.items()) {
            if (item instanceof Comment c) {
                comment(c, indent, out);
            } else {
                KeyValue kv = (KeyValue) item;
                out.append(" ".repeat(indent)).append(scalar(kv.key())).append(':');
                valueAfterKey(kv.value(), indent, out);
            }
        }
    }

    private static void valueAfterKey(Object value, int indent, StringBuilder out) {
        if (value instanceof Branch b && !b.items().isEmpty()) {
            out.append('\n');
            branch(b, indent + INDENT, out);
        } else if (value instanceof Sequence s && !s.items().isEmpty()) {
            out.append('\n');
            sequence(s, indent + INDENT, out);
        } else if (isBlock(value)) {
            block((String) value, indent + INDENT, out);
        } else {
            out.append(' ').append(inline(value)).append('\n');
        }
    }

    private static void sequence(Sequence sequence, int indent, StringBuilder out) {
        for (Object item : sequence.items()) {
            if (item instanceof Comment c) {
                comment(c, indent, out);
            } else if (item instanceof Branch b && !b.items().isEmpty()) {
                StringBuilder nested = new StringBuilder();
                branch(b, indent + 2, nested);
                out.append(" ".repeat(indent)).append("- ").append(nested.substring(indent + 2));
            } else if (item instanceof Sequence s && !s.items().isEmpty()) {
                StringBuilder nested = new StringBuilder();
                sequence(s, indent + 2, nested);
                out.append(" ".repeat(indent)).append("- ").append(nested.substring(indent + 2));
            } else if (isBlock(item)) {
                out.append(" ".repeat(indent)).append('-');
                block((String) item, indent + INDENT, out);
            } else {
                out.append(" ".repeat(indent)).append("- ").append(inline(item)).append('\n');
            }
        }
    }

    private static void comment(Comment comment, int indent, StringBuilder out) {
        for (String line : comment.text().split("\n", -1)) {
            out.append(" ".repeat(indent)).append('#').append(line).append('\n');
        }
    }

    /** Multi-line text without characters a literal block cannot carry, and not starting with a space. */
    private static boolean isBlock(Object value) {
        if (!(value instanceof String s) || !s.contains("\n") || s.startsWith(" ") || s.startsWith("\n")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '\n' && (ch < ' ' || ch == 0x7f) && ch != '\t') {
                return false;
            }
        }
        return !s.endsWith("\n\n") && !s.contains(" \n") && !s.contains("\t\n");
    }

    private static void block(String text, int indent, StringBuilder out) {
        boolean keepNewline = text.endsWith("\n");
        String body = keepNewline ? text.substring(0, text.length() - 1) : text;
        out.append(keepNewline ? " |\n" : " |-\n");
        for (String line : body.split("\n", -1)) {
            if (!line.isEmpty()) {
                out.append(" ".repeat(indent)).append(line);
            }
            out.append('\n');
        }
    }

    /** Characters that only a double-quoted scalar can carry: controls, C1 controls (NEL breaks lines in YAML 1.1), BOM, line separators. */
    private static boolean needsEscape(int ch) {
        return ch < 0x20 || (ch >= 0x7f && ch < 0xa0) || ch == 0xfeff || ch == 0x2028 || ch == 0x2029;
    }

    private static String inline(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Branch) {
            return "{}";
        }
        if (value instanceof Sequence) {
            return "[]";
        }
        if (value instanceof String s) {
            return scalar(s);
        }
        if (value instanceof Bytes b) {
            return Quoting.yaml(new String(b.value(), StandardCharsets.UTF_8));
        }
        if (value instanceof Double d) {
            if (d.isNaN()) return ".nan";
            if (d.isInfinite()) return d > 0 ? ".inf" : "-.inf";
            String text = ValueCodec.formatFloat(d);
            // keep it a float when read back: 3.0 would otherwise read as the int 3
            return text.contains(".") || text.contains("e") ? text : text + ".0";
        }
        if (value instanceof SopsTime t) {
            return t.text();
        }
        return String.valueOf(value);
    }

    /** A string as a plain scalar when nothing could misread it, else double-quoted. */
    static String scalar(String s) {
        if (s.isEmpty()) {
            return "\"\"";
        }
        boolean plain = PLAIN_SAFE.matcher(s).matches()
                && s.chars().noneMatch(YamlWriter::needsEscape)
                && !s.endsWith(" ") && !s.endsWith(":")
                && !s.contains(": ") && !s.contains(" #")
                && !WORDS_WITH_MEANING.contains(s.toLowerCase())
                && YamlScalars.resolvePlain(s) instanceof String
                && Tag.STR.equals(YAML_1_1.resolve(NodeId.scalar, s, true))
                && !(s.startsWith("[") || s.startsWith("]"));
        return plain ? s : Quoting.yaml(s);
    }
}
