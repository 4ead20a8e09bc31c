package io.digitctl.kube;

import io.digitctl.model.DigitctlException;

/**
 * A failed call to the Kubernetes API, typed by what happened, with the HTTP code ({@code 0} when
 * the server never answered) and the server's own message. Each is a {@link DigitctlException}, so
 * a caller that does not care which one still shows a clear message and exits with 1.
 *
 * <ul>
 *   <li>{@link Unreachable}: no answer (connection refused, timeout, TLS);</li>
 *   <li>{@link Forbidden}: 401 or 403;</li>
 *   <li>{@link NotFound}: 404;</li>
 *   <li>{@link ClusterGateway.ConflictException}: 409, the object exists or changed since it was read;</li>
 *   <li>{@link Rejected}: any other 4xx (invalid object, unsupported kind...);</li>
 *   <li>{@link ServerError}: 5xx (and 429 after the retries).</li>
 * </ul>
 */
public class KubeException extends DigitctlException {
    private final int code;
    private final String serverMessage;

    protected KubeException(String message, int code, String serverMessage, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.serverMessage = serverMessage;
    }

    /** The HTTP status code, or 0 when the server did not answer. */
    public int code() {
        return code;
    }

    /** What the API server said (its Status message), or the client's reason when there was no answer. */
    public String serverMessage() {
        return serverMessage;
    }

    /** The API server did not answer. */
    public static final class Unreachable extends KubeException {
        public Unreachable(String message, String serverMessage, Throwable cause) {
            super(message, 0, serverMessage, cause);
        }
    }

    /** 401 or 403: the credentials or the permissions of the kubeconfig context. */
    public static final class Forbidden extends KubeException {
        public Forbidden(String message, int code, String serverMessage, Throwable cause) {
            super(message, code, serverMessage, cause);
        }
    }

    /** 404: the object, its namespace or its kind does not exist. */
    public static final class NotFound extends KubeException {
        public NotFound(String message, String serverMessage, Throwable cause) {
            super(message, 404, serverMessage, cause);
        }
    }

    /** Another 4xx: the server refused the request as it was (invalid object, unknown field...). */
    public static final class Rejected extends KubeException {
        public Rejected(String message, int code, String serverMessage, Throwable cause) {
            super(message, code, serverMessage, cause);
        }
    }

    /** 5xx, or 429 still after the retries. */
    public static final class ServerError extends KubeException {
        public ServerError(String message, int code, String serverMessage, Throwable cause) {
            super(message, code, serverMessage, cause);
        }
    }
}
