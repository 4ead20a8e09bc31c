package io.digitctl.build;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The release a commit message calls for, by Conventional Commits: a breaking change ({@code feat!:}
 * or a {@code BREAKING CHANGE:} footer) is major, {@code feat} minor, {@code fix} and {@code perf}
 * patch; anything else (chore, docs, refactor, test, ci, a message not in the convention) releases nothing.
 */
public final class ConventionalCommits {
    private static final Pattern HEADER = Pattern.compile("^(\\w+)(\\([^)]*\\))?(!)?:\\s.+");
    private static final Pattern BREAKING_FOOTER = Pattern.compile("(?m)^BREAKING[ -]CHANGE:\\s");

    private ConventionalCommits() {
    }

    public static SemVer.Bump bump(String message) {
        String header = message.strip().lines().findFirst().orElse("");
        Matcher m = HEADER.matcher(header);
        if (BREAKING_FOOTER.matcher(message).find() || (m.matches() && m.group(3) != null)) {
            return SemVer.Bump.MAJOR;
        }
        if (!m.matches()) {
            return SemVer.Bump.NONE;
        }
        return switch (m.group(1).toLowerCase()) {
            case "feat" -> SemVer.Bump.MINOR;
            case "fix", "perf" -> SemVer.Bump.PATCH;
            default -> SemVer.Bump.NONE;
        };
    }
}
