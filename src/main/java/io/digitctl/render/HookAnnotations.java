package io.digitctl.render;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides Helm's hook annotations from the embedded Helm, and gives them back afterwards.
 *
 * <p>helm-java's template call returns only the release's manifest, and Helm moves every object
 * annotated {@code helm.sh/hook} out of it, so hooks would be lost. A staged chart therefore says
 * {@code digitctl.staged/hook}, {@code digitctl.staged/hook-weight} and
 * {@code digitctl.staged/hook-delete-policy} instead (in its templates, helpers and values files),
 * Helm renders those objects as ordinary ones, and {@link #restore} puts the real keys back into
 * the output, so every rendered object carries the annotations its chart wrote.
 *
 * <p>Only these three keys are renamed, whole: {@code helm.sh/hooks}, {@code x.helm.sh/hook} or
 * {@code helm.sh/hook-foo} stay as they are. Quoting does not matter ({@code "helm.sh/hook":}).
 */
public final class HookAnnotations {
    static final String HELM_PREFIX = "helm.sh/hook";
    static final String STAGED_PREFIX = "digitctl.staged/hook";

    /** Characters that would make the match part of a longer name. */
    private static final String NAME_CHAR = "[\\w./-]";
    private static final Pattern HELM = key(HELM_PREFIX);
    private static final Pattern STAGED = key(STAGED_PREFIX);

    private HookAnnotations() {
    }

    private static Pattern key(String prefix) {
        return Pattern.compile("(?<!" + NAME_CHAR + ")" + Pattern.quote(prefix) + "(-weight|-delete-policy)?(?!" + NAME_CHAR + ")");
    }

    /** The text with Helm's hook annotation keys renamed to the private ones. */
    public static String hide(String text) {
        return text.contains(HELM_PREFIX) ? rename(text, HELM, STAGED_PREFIX) : text;
    }

    /** The text with the private keys renamed back to Helm's. */
    public static String restore(String text) {
        return text.contains(STAGED_PREFIX) ? rename(text, STAGED, HELM_PREFIX) : text;
    }

    private static String rename(String text, Pattern from, String to) {
        Matcher m = from.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 64);
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(to + (m.group(1) == null ? "" : m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
