package io.digitctl.secrets.crypto;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which values a file encrypts, by key path (list indexes never count). At most one rule is set;
 * none means {@code unencrypted_suffix: _unencrypted}.
 */
public record EncryptionRules(Kind kind, String value) {

    public enum Kind {
        UNENCRYPTED_SUFFIX("unencrypted_suffix"),
        ENCRYPTED_SUFFIX("encrypted_suffix"),
        UNENCRYPTED_REGEX("unencrypted_regex"),
        ENCRYPTED_REGEX("encrypted_regex"),
        UNENCRYPTED_COMMENT_REGEX("unencrypted_comment_regex"),
        ENCRYPTED_COMMENT_REGEX("encrypted_comment_regex");

        private final String field;

        Kind(String field) {
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    public static final EncryptionRules DEFAULT = new EncryptionRules(Kind.UNENCRYPTED_SUFFIX, "_unencrypted");

    /** The one rule among the given metadata or creation-rule fields; more than one is an error. */
    public static EncryptionRules from(Map<String, ?> fields) {
        EncryptionRules found = null;
        for (Kind kind : Kind.values()) {
            Object v = fields.get(kind.field());
            if (v != null && !String.valueOf(v).isEmpty()) {
                if (found != null) {
                    throw new IllegalArgumentException("only one of unencrypted_suffix, encrypted_suffix, unencrypted_regex, "
                            + "encrypted_regex, unencrypted_comment_regex and encrypted_comment_regex may be set; found "
                            + found.kind().field() + " and " + kind.field());
                }
                found = new EncryptionRules(kind, String.valueOf(v));
            }
        }
        if (found != null && found.kind() != Kind.UNENCRYPTED_SUFFIX && found.kind() != Kind.ENCRYPTED_SUFFIX) {
            try {
                Pattern.compile(found.value());
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(found.kind().field() + " '" + found.value() + "' is not a valid regular expression");
            }
        }
        return found == null ? DEFAULT : found;
    }

    public boolean commentBased() {
        return kind == Kind.UNENCRYPTED_COMMENT_REGEX || kind == Kind.ENCRYPTED_COMMENT_REGEX;
    }

    /**
     * Whether a value at this path is encrypted. For the comment rules, {@code commentMatched} says
     * whether a matching comment stands before the value at its level or an enclosing one.
     */
    public boolean encrypts(List<String> path, boolean commentMatched) {
        return switch (kind) {
            case UNENCRYPTED_SUFFIX -> path.stream().noneMatch(p -> p.endsWith(value));
            case ENCRYPTED_SUFFIX -> path.stream().anyMatch(p -> p.endsWith(value));
            case UNENCRYPTED_REGEX -> path.stream().noneMatch(p -> Pattern.compile(value).matcher(p).find());
            case ENCRYPTED_REGEX -> path.stream().anyMatch(p -> Pattern.compile(value).matcher(p).find());
            case UNENCRYPTED_COMMENT_REGEX -> !commentMatched;
            case ENCRYPTED_COMMENT_REGEX -> commentMatched;
        };
    }

    /** For the comment rules: whether this comment text switches the rule on. */
    public boolean commentMatches(String text) {
        return commentBased() && Pattern.compile(value).matcher(text).find();
    }
}
