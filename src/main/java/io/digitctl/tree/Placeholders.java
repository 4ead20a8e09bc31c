package io.digitctl.tree;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unfilled placeholders in an env file. DIGIT ships its env files as templates: values such as
 * {@code <domain_name>}, {@code <db_host>:5432} or {@code <zone>}, usually with a
 * {@code ## Add your ...} comment beside them, that the operator must replace. Left in place they
 * render into objects a cluster refuses ({@code <domain_name>} as an Ingress host) or that cannot
 * work (a database URL with {@code <db_host>}).
 *
 * <p>The rule, kept simple: a scalar value (not a key, not a comment) that contains
 * {@code <name>}, where name is lower-case letters and digits in words joined by {@code _} or
 * {@code -} ({@code <domain_name>}, {@code <kafka-v2_volume_id_1>}). Anything with a slash, a space,
 * {@code =} or a capital inside the brackets is not a placeholder, and a value holding a closing
 * tag ({@code </...>} or {@code .../>}) is markup (an nginx {@code sub_filter} with {@code <head>}),
 * so it is left alone entirely.
 */
public final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("<([a-z][a-z0-9]*(?:[_-][a-z0-9]+)*)>");
    private static final Pattern MARKUP = Pattern.compile("</|/>");
    /** SOPS's own metadata in a secrets file. */
    private static final String SOPS_KEY = "sops";

    /**
     * One value with placeholders.
     *
     * @param placeholders the placeholders, as written ({@code <db_host>}), each once
     * @param path         where the value is: {@code cluster-configs.configmaps.egov-config.data.db-url}, {@code x.volumes[0].zone}
     * @param line         1-based line of the placeholder
     * @param comment      the comment at the end of that line, without its {@code #}s, or null
     */
    public record Placeholder(List<String> placeholders, String path, int line, String comment) {
    }

    private Placeholders() {
    }

    /** The placeholders of a file; a file that cannot be read or parsed has none here (others report that). */
    public static List<Placeholder> scan(Path file) {
        try {
            return scan(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return List.of();
        }
    }

    public static List<Placeholder> scan(String text) {
        if (!text.contains("<")) {
            return List.of();
        }
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true);
            options.setWarnOnDuplicateKeys(false);
            options.setMaxAliasesForCollections(200);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (YAMLException e) {
            return List.of();
        }
        List<Placeholder> found = new ArrayList<>();
        if (root != null) {
            walk(root, "", text.split("\n", -1), Collections.newSetFromMap(new IdentityHashMap<>()), found);
        }
        return found;
    }

    private static void walk(Node node, String path, String[] lines, Set<Node> seen, List<Placeholder> found) {
        if (!seen.add(node)) {
            return; // an alias: reported where the anchor is
        }
        if (node instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
                if (path.isEmpty() && key.equals(SOPS_KEY)) {
                    continue;
                }
                walk(tuple.getValueNode(), path.isEmpty() ? key : path + "." + key, lines, seen, found);
            }
        } else if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                walk(seq.getValue().get(i), path + "[" + i + "]", lines, seen, found);
            }
        } else if (node instanceof ScalarNode scalar) {
            check(scalar, path, lines, found);
        }
    }

    private static void check(ScalarNode scalar, String path, String[] lines, List<Placeholder> found) {
        String value = scalar.getValue();
        if (MARKUP.matcher(value).find()) {
            return;
        }
        Matcher m = PLACEHOLDER.matcher(value);
        if (!m.find()) {
            return;
        }
        Set<String> names = new LinkedHashSet<>();
        int first = m.start();
        do {
            names.add(m.group());
        } while (m.find());
        int start = scalar.getStartMark().getLine();
        int end = scalar.getEndMark().getLine();
        int line;
        String comment = null;
        DumperOptions.ScalarStyle style = scalar.getScalarStyle();
        if (style == DumperOptions.ScalarStyle.LITERAL || style == DumperOptions.ScalarStyle.FOLDED) {
            // a block scalar's text starts on the line after its indicator; a literal one keeps its line breaks
            line = start + 2 + (style == DumperOptions.ScalarStyle.LITERAL ? (int) value.substring(0, first).chars().filter(c -> c == '\n').count() : 0);
        } else {
            line = start + 1;
            if (start == end && end < lines.length) {
                comment = comment(lines[end], scalar.getEndMark().getColumn());
            }
        }
        found.add(new Placeholder(List.copyOf(names), path, line, comment));
    }

    /** The comment after a value on its line: from a {@code #} that follows a blank, without the {@code #}s. */
    private static String comment(String line, int after) {
        for (int i = Math.min(after, line.length()); i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                String text = line.substring(i).replaceFirst("^#+", "").strip();
                return text.isEmpty() ? null : text;
            }
        }
        return null;
    }
}
