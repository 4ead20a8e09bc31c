package io.digitctl.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container image named in a deploy request or a release chart, and the DIGIT service it deploys.
 *
 * <p>The service is the last path segment of the repository; a {@code -db} suffix marks the Flyway
 * migration image of that service (DIGIT builds both from one work-dir with one tag).
 *
 * @param text       the reference as written
 * @param registry   registry host (with port), or null when none was written
 * @param repository repository path without the registry, e.g. {@code egovio/egov-user-db}
 * @param tag        tag, or null
 * @param digest     digest such as {@code sha256:...}, or null
 */
public record ImageRef(String text, String registry, String repository, String tag, String digest) {

    private static final String MIGRATION_SUFFIX = "-db";
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}");
    private static final Pattern REGISTRY_HOST = Pattern.compile("[a-zA-Z0-9.-]+(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?");

    public static ImageRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text, "it is empty");
        }
        String ref = text.strip();
        if (ref.chars().anyMatch(Character::isWhitespace)) {
            throw invalid(text, "it contains white space");
        }
        String digest = null;
        int at = ref.indexOf('@');
        if (at >= 0) {
            digest = ref.substring(at + 1);
            ref = ref.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw invalid(text, "the digest '" + digest + "' is not of the form sha256:<hex>");
            }
        }
        String registry = null;
        int slash = ref.indexOf('/');
        if (slash > 0) {
            String first = ref.substring(0, slash);
            // Docker's rule: the first segment is a registry when it looks like a host, not a namespace.
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[")) {
                if (!REGISTRY_HOST.matcher(first).matches()) {
                    throw invalid(text, "the registry '" + first + "' is not a host name with an optional port");
                }
                registry = first;
                ref = ref.substring(slash + 1);
            }
        }
        String tag = null;
        int colon = ref.lastIndexOf(':');
        if (colon >= 0) {
            tag = ref.substring(colon + 1);
            ref = ref.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw invalid(text, "the tag '" + tag + "' is not a valid tag (letters, digits, '_', '.', '-'; at most 128)");
            }
        }
        if (ref.isEmpty()) {
            throw invalid(text, "it names no repository");
        }
        for (String component : ref.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw invalid(text, "'" + component + "' is not a valid repository name part (lower-case letters, digits, '.', '_', '-')");
            }
        }
        return new ImageRef(text.strip(), registry, ref, tag, digest);
    }

    private static DigitctlException invalid(String text, String why) {
        return new DigitctlException("Invalid image reference '" + text + "': " + why
                + ". Write it as [registry/]repository[:tag][@sha256:digest], e.g. egovio/egov-user:v1.2.8-9fde481-19.");
    }

    /** Last segment of the repository, as written (may end in -db). */
    public String imageName() {
        return repository.substring(repository.lastIndexOf('/') + 1);
    }

    /** True for the Flyway migration image {@code <service>-db} of a service. */
    public boolean isMigrationImage() {
        String name = imageName();
        return name.endsWith(MIGRATION_SUFFIX) && name.length() > MIGRATION_SUFFIX.length();
    }

    /** The repository of the service's application image: a migration image's repository without {@code -db}. */
    public String applicationRepository() {
        return isMigrationImage() ? repository.substring(0, repository.length() - MIGRATION_SUFFIX.length()) : repository;
    }

    /** The DIGIT service this image deploys. */
    public String serviceName() {
        String name = imageName();
        return isMigrationImage() ? name.substring(0, name.length() - MIGRATION_SUFFIX.length()) : name;
    }

    public Optional<String> tagOrDigest() {
        if (tag != null) {
            return Optional.of(tag);
        }
        return Optional.ofNullable(digest);
    }

    public boolean hasVersion() {
        return tag != null || digest != null;
    }

    @Override
    public String toString() {
        return text;
    }
}
