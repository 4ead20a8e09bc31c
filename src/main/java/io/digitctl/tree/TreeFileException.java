package io.digitctl.tree;

import io.digitctl.model.DigitctlException;

import java.nio.file.Path;

/** A problem at a place in a file of the tree; carries the place so that validate can report it. */
public class TreeFileException extends DigitctlException {
    private final Path file;
    private final int line;
    private final String detail;

    public TreeFileException(Path file, int line, String detail) {
        super(file + (line > 0 ? ":" + line : "") + ": " + detail);
        this.file = file;
        this.line = line;
        this.detail = detail;
    }

    public Path file() {
        return file;
    }

    /** 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }

    public String detail() {
        return detail;
    }
}
