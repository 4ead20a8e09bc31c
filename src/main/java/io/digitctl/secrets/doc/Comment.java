package io.digitctl.secrets.doc;

/** A comment line: the text after {@code #} (or {@code ;}), leading space kept, as SOPS stores it. */
public record Comment(String text) {
}
