package io.digitctl.tree;

import io.digitctl.model.DigitctlException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One YAML file of the deploy-as-code tree: its data as plain maps and lists, and its node tree,
 * which keeps the line of every key so that findings can point into the file.
 */
public final class YamlDocument {
    private final Path file;
    private final Object data;
    private final Node root;

    private YamlDocument(Path file, Object data, Node root) {
        this.file = file;
        this.data = data;
        this.root = root;
    }

    public static YamlDocument read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DigitctlException("Cannot read " + file + ": " + io.digitctl.files.FileTrees.reason(e));
        }
        return parse(file, text);
    }

    public static YamlDocument parse(Path file, String text) {
        try {
            Yaml yaml = new Yaml(loaderOptions());
            Node root = yaml.compose(new java.io.StringReader(text));
            Object data = new Yaml(loaderOptions()).load(text);
            return new YamlDocument(file, data, root);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null) {
                problem = e.getContext() + ", " + problem;
            }
            throw new YamlSyntaxException(file, line, problem);
        } catch (YAMLException e) {
            throw new YamlSyntaxException(file, 0, e.getMessage());
        }
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        // SnakeYAML would log each duplicate through java.util.logging into our stderr
        options.setWarnOnDuplicateKeys(false);
        options.setMaxAliasesForCollections(200);
        return options;
    }

    public Path file() {
        return file;
    }

    public Object data() {
        return data;
    }

    /** The top level as a mapping; an empty file is an empty mapping. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> mapping() {
        if (data == null) {
            return new LinkedHashMap<>();
        }
        if (!(data instanceof Map)) {
            throw new TreeFileException(file, 1, "expected a mapping of keys at the top level, found "
                    + describe(data) + ".");
        }
        return (Map<String, Object>) data;
    }

    /** 1-based line of the key at the given path (mapping keys, or list indexes as numbers), or 0. */
    public int lineOf(Object... path) {
        return nodeAt(path).map(n -> n.getStartMark().getLine() + 1).orElse(0);
    }

    private Optional<Node> nodeAt(Object... path) {
        Node node = root;
        Node keyNode = null;
        for (Object step : path) {
            if (node instanceof MappingNode map && step instanceof String key) {
                Node next = null;
                for (NodeTuple tuple : map.getValue()) {
                    if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                        keyNode = tuple.getKeyNode();
                        next = tuple.getValueNode();
                    }
                }
                if (next == null) {
                    return Optional.empty();
                }
                node = next;
            } else if (node instanceof SequenceNode seq && step instanceof Integer index) {
                List<Node> items = seq.getValue();
                if (index < 0 || index >= items.size()) {
                    return Optional.empty();
                }
                node = items.get(index);
                keyNode = node;
            } else {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(keyNode == null ? node : keyNode);
    }

    static String describe(Object value) {
        if (value instanceof Map) return "a mapping";
        if (value instanceof List) return "a list";
        if (value == null) return "nothing";
        return "the value '" + value + "'";
    }
}
