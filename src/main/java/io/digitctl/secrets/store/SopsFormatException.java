package io.digitctl.secrets.store;

/** A file that is not valid for its format; the line is 1-based, or 0 when unknown. */
public class SopsFormatException extends RuntimeException {
    private final int line;

    public SopsFormatException(int line, String message) {
        super(message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
