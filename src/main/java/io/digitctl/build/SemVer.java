package io.digitctl.build;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A semantic version {@code major.minor.patch}. */
public record SemVer(int major, int minor, int patch) implements Comparable<SemVer> {
    private static final Pattern FORMAT = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)");

    public static Optional<SemVer> parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.strip());
        return m.matches() ? Optional.of(new SemVer(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))))
                : Optional.empty();
    }

    public SemVer bump(Bump bump) {
        return switch (bump) {
            case MAJOR -> new SemVer(major + 1, 0, 0);
            case MINOR -> new SemVer(major, minor + 1, 0);
            case PATCH -> new SemVer(major, minor, patch + 1);
            case NONE -> this;
        };
    }

    /** The kind of release a change calls for, weakest first. */
    public enum Bump { NONE, PATCH, MINOR, MAJOR }

    @Override
    public int compareTo(SemVer o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) c = Integer.compare(minor, o.minor);
        if (c == 0) c = Integer.compare(patch, o.patch);
        return c;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
