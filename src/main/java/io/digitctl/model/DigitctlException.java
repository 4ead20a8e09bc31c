package io.digitctl.model;

/**
 * An error the user can act on. Its message is shown as it is, without a stack trace, so it
 * must name the file, line or service involved and say what to do.
 */
public class DigitctlException extends RuntimeException {
    public DigitctlException(String message) {
        super(message);
    }

    public DigitctlException(String message, Throwable cause) {
        super(message, cause);
    }
}
