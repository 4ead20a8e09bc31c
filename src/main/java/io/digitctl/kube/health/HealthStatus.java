package io.digitctl.kube.health;

/** How an object is doing: a code and a message a person can act on. */
public record HealthStatus(Code code, String message) {

    public enum Code {
        HEALTHY, PROGRESSING, DEGRADED, MISSING
    }

    public static HealthStatus healthy(String message) {
        return new HealthStatus(Code.HEALTHY, message);
    }

    public static HealthStatus progressing(String message) {
        return new HealthStatus(Code.PROGRESSING, message);
    }

    public static HealthStatus degraded(String message) {
        return new HealthStatus(Code.DEGRADED, message);
    }

    public boolean isHealthy() {
        return code == Code.HEALTHY;
    }

    public boolean isFinal() {
        return code == Code.HEALTHY || code == Code.DEGRADED;
    }

    @Override
    public String toString() {
        return code.name().charAt(0) + code.name().substring(1).toLowerCase() + ": " + message;
    }
}
