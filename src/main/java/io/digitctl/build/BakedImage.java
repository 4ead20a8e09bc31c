package io.digitctl.build;

/** An image pushed to a registry. */
public record BakedImage(String name, String reference, String repository, String tag, String digest) {
}
