package io.digitctl.secrets.store;

import io.digitctl.secrets.doc.Branch;
import io.digitctl.secrets.doc.Comment;
import io.digitctl.secrets.doc.KeyValue;
import io.digitctl.secrets.doc.Sequence;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.comments.CommentType;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads YAML into SOPS branches, keeping key order and comments. SnakeYAML attaches a comment to
 * the next node whatever its indentation; SOPS (go-yaml) places it by indentation, and the comment's
 * place decides its AAD. So a comment indented deeper than the key it precedes is moved to the end
 * of the nested mapping or list whose items stand at its column.
 */
final class YamlReader {

    private YamlReader() {
    }

    /** Every document of the text; each must be a mapping at the top level. */
    static List<Branch> read(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setProcessComments(true);
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(1000);
        options.setCodePointLimit(64 * 1024 * 1024);
        List<Branch> documents = new ArrayList<>();
        for (Node root : new Yaml(options).composeAll(new StringReader(text))) {
            if (root == null) {
                continue;
            }
            if (!(root instanceof MappingNode mapping)) {
                throw new SopsFormatException(root.getStartMark().getLine() + 1,
                        "the top level of a SOPS YAML document must be a mapping of keys");
            }
            Container top = mappingOf(mapping);
            for (CommentLine c : comments(root.getBlockComments())) {
                top.items.add(0, new Comment(c.getValue()));
            }
            documents.add((Branch) top.build());
        }
        return documents;
    }

    /** Items under construction, with the column their keys or dashes stand at. */
    private static final class Container {
        final boolean mapping;
        final int column;
        final List<Object> items = new ArrayList<>();

        Container(boolean mapping, int column) {
            this.mapping = mapping;
            this.column = column;
        }

        Object build() {
            List<Object> built = new ArrayList<>();
            for (Object item : items) {
                built.add(finish(item));
            }
            return mapping ? new Branch(built) : new Sequence(built);
        }

        private static Object finish(Object item) {
            if (item instanceof KeyValue kv) {
                return new KeyValue(kv.key(), finish(kv.value()));
            }
            return item instanceof Container c ? c.build() : item;
        }

        /** The last nested container, if the last item holds one. */
        Container lastChild() {
            if (items.isEmpty()) {
                return null;
            }
            Object last = items.get(items.size() - 1);
            Object value = last instanceof KeyValue kv ? kv.value() : last;
            return value instanceof Container c ? c : null;
        }
    }

    private static Object value(Node node) {
        if (node instanceof MappingNode mapping) {
            return mappingOf(mapping);
        }
        if (node instanceof SequenceNode sequence) {
            return sequenceOf(sequence);
        }
        ScalarNode scalar = (ScalarNode) node;
        if (scalar.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN) {
            return scalar.getValue();
        }
        return YamlScalars.resolvePlain(scalar.getValue());
    }

    private static Container mappingOf(MappingNode node) {
        Container container = new Container(true, node.getStartMark().getColumn());
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            for (CommentLine c : comments(keyNode.getBlockComments())) {
                place(container, c);
            }
            if (!(keyNode instanceof ScalarNode key)) {
                throw new SopsFormatException(keyNode.getStartMark().getLine() + 1, "keys must be strings, not lists or mappings");
            }
            container.items.add(new KeyValue(key.getValue(), value(tuple.getValueNode())));
            trailing(container, keyNode, tuple.getValueNode());
        }
        for (CommentLine c : comments(node.getEndComments())) {
            place(container, c);
        }
        return container;
    }

    private static Container sequenceOf(SequenceNode node) {
        Container container = new Container(false, node.getStartMark().getColumn());
        for (Node item : node.getValue()) {
            for (CommentLine c : comments(item.getBlockComments())) {
                place(container, c);
            }
            container.items.add(value(item));
            trailing(container, null, item);
        }
        for (CommentLine c : comments(node.getEndComments())) {
            place(container, c);
        }
        return container;
    }

    /** Same-line comments stay in the branch of the line they end. */
    private static void trailing(Container container, Node keyNode, Node valueNode) {
        if (keyNode != null) {
            comments(keyNode.getInLineComments()).forEach(c -> container.items.add(new Comment(c.getValue())));
        }
        if (valueNode instanceof ScalarNode) {
            comments(valueNode.getInLineComments()).forEach(c -> container.items.add(new Comment(c.getValue())));
        }
    }

    private static void place(Container container, CommentLine comment) {
        int column = comment.getStartMark() == null ? container.column : comment.getStartMark().getColumn();
        Container target = container;
        while (column > target.column) {
            Container child = target.lastChild();
            if (child == null || child.column > column) {
                break;
            }
            target = child;
        }
        target.items.add(new Comment(comment.getValue()));
    }

    private static List<CommentLine> comments(List<CommentLine> lines) {
        if (lines == null) {
            return List.of();
        }
        return lines.stream().filter(c -> c.getCommentType() != CommentType.BLANK_LINE).toList();
    }
}
