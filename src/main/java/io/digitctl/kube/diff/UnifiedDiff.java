package io.digitctl.kube.diff;

import java.util.ArrayList;
import java.util.List;

/** A unified diff of two texts, line by line (longest common subsequence), with three lines of context. */
public final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    public static String of(String before, String after, String beforeName, String afterName) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String[]> ops = new ArrayList<>();
        int i = 0, j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                ops.add(new String[] {" ", a.get(i++)});
                j++;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new String[] {"-", a.get(i++)});
            } else {
                ops.add(new String[] {"+", b.get(j++)});
            }
        }
        if (ops.stream().allMatch(o -> o[0].equals(" "))) {
            return "";
        }
        StringBuilder out = new StringBuilder("--- " + beforeName + "\n+++ " + afterName + "\n");
        int k = 0;
        while (k < ops.size()) {
            if (ops.get(k)[0].equals(" ")) {
                k++;
                continue;
            }
            int start = Math.max(0, k - CONTEXT);
            int end = k;
            while (end < ops.size()) {
                if (!ops.get(end)[0].equals(" ")) {
                    end++;
                    continue;
                }
                int run = end;
                while (run < ops.size() && ops.get(run)[0].equals(" ")) {
                    run++;
                }
                if (run == ops.size() || run - end > 2 * CONTEXT) {
                    end = Math.min(ops.size(), end + CONTEXT);
                    break;
                }
                end = run;
            }
            int aStart = 1 + (int) ops.subList(0, start).stream().filter(o -> !o[0].equals("+")).count();
            int bStart = 1 + (int) ops.subList(0, start).stream().filter(o -> !o[0].equals("-")).count();
            long aLen = ops.subList(start, end).stream().filter(o -> !o[0].equals("+")).count();
            long bLen = ops.subList(start, end).stream().filter(o -> !o[0].equals("-")).count();
            out.append("@@ -").append(aLen == 0 ? aStart - 1 : aStart).append(',').append(aLen)
                    .append(" +").append(bLen == 0 ? bStart - 1 : bStart).append(',').append(bLen).append(" @@\n");
            for (String[] op : ops.subList(start, end)) {
                out.append(op[0]).append(op[1]).append('\n');
            }
            k = end;
        }
        return out.toString();
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        return List.of(text.split("\n", -1)).subList(0, text.endsWith("\n") ? text.split("\n", -1).length - 1 : text.split("\n", -1).length);
    }
}
