package io.digitctl.secrets;

import io.digitctl.model.DigitctlException;
import io.digitctl.secrets.doc.Branch;
import io.digitctl.secrets.doc.Comment;
import io.digitctl.secrets.doc.Sequence;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** sops's {@code --extract '["a"]["b"][0]'}: a path of keys and list indexes into a document. */
public record ExtractPath(List<Object> steps) {
    private static final Pattern STEP = Pattern.compile("\\[(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|(\\d+))\\]");

    public static ExtractPath parse(String text) {
        List<Object> steps = new ArrayList<>();
        Matcher m = STEP.matcher(text);
        int pos = 0;
        while (pos < text.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new DigitctlException("--extract '" + text + "' is not a path like '[\"app2\"][\"db\"][\"password\"]' or '[\"list\"][0]'.");
            }
            if (m.group(3) != null) {
                steps.add(Integer.parseInt(m.group(3)));
            } else {
                steps.add(m.group(1) != null ? m.group(1).replaceAll("\\\\(.)", "$1") : m.group(2));
            }
            pos = m.end();
        }
        if (steps.isEmpty()) {
            throw new DigitctlException("--extract needs at least one step, like '[\"key\"]'.");
        }
        return new ExtractPath(steps);
    }

    public Object find(Branch document) {
        Object current = document;
        for (Object step : steps) {
            if (step instanceof String key && current instanceof Branch branch && branch.containsKey(key)) {
                current = branch.get(key).orElse(null);
            } else if (step instanceof Integer index && current instanceof Sequence seq) {
                List<Object> items = seq.items().stream().filter(i -> !(i instanceof Comment)).toList();
                if (index >= items.size()) {
                    throw notFound();
                }
                current = items.get(index);
            } else {
                throw notFound();
            }
        }
        return current;
    }

    private DigitctlException notFound() {
        return new DigitctlException("Nothing at " + this + " in the file.");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        steps.forEach(s -> sb.append(s instanceof Integer ? "[" + s + "]" : "[\"" + s + "\"]"));
        return sb.toString();
    }
}
