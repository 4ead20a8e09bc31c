package io.digitctl.action;

import java.nio.file.Path;

/**
 * One thing validate found.
 *
 * @param code short stable name of the check, for machines
 * @param file the file concerned, or null
 * @param line 1-based line in that file, or 0
 */
public record Finding(Severity severity, String code, Path file, int line, String message) {

    public enum Severity { ERROR, WARNING }

    public String location() {
        if (file == null) {
            return "";
        }
        return line > 0 ? file + ":" + line : file.toString();
    }
}
