package io.digitctl.tree;

import java.nio.file.Path;

/** A YAML file of the tree that does not parse. */
public class YamlSyntaxException extends TreeFileException {
    public YamlSyntaxException(Path file, int line, String problem) {
        super(file, line, "invalid YAML: " + problem + ". Fix the file and run again.");
    }
}
