package io.digitctl.web;

/** A request that gets an error status and a message, as {@code {"error": message}}. */
final class HttpError extends RuntimeException {
    private final int status;

    HttpError(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
