package io.digitctl.action;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The keys of {@code cluster-configs.secrets} that the cluster-configs chart's templates use, read
 * from the template text as DIGIT writes it: {@code index $.Values "cluster-configs" "secrets" "db" "password"},
 * or {@code index . "password"} and {@code .password} inside {@code with index .Values "cluster-configs" "secrets" "db"}.
 * A key tested by an {@code if} may be missing; a secret used only inside its own {@code with} may be missing as a whole.
 */
final class SecretReferences {
    private static final Pattern ACTION = Pattern.compile("\\{\\{-?(.*?)-?}}", Pattern.DOTALL);
    private static final Pattern FULL = Pattern.compile("index\\s+\\$?\\.Values\\s+\"cluster-configs\"\\s+\"secrets\"((?:\\s+\"[^\"]+\")+)");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
    private static final Pattern RELATIVE_INDEX = Pattern.compile("index\\s+\\.\\s+\"([^\"]+)\"");
    private static final Pattern FIELD = Pattern.compile("(?<![\\w$\\]).])\\.([A-Za-z_][\\w-]*)");
    private static final Set<String> BUILTINS = Set.of("Values", "Release", "Chart", "Capabilities", "Files", "Template");

    /**
     * One use of a secret, or of one of its keys ({@code key} null for the secret itself).
     *
     * @param secretOptional the template renders nothing of it when the secret is absent
     * @param keyOptional    the template tests for the key before using it
     * @param guards         keys of the same secret that enclosing {@code if}s test: the use happens only when they are set
     */
    record Reference(Path template, int line, String secret, String key, boolean secretOptional, boolean keyOptional,
                     Set<String> guards) {
    }

    /** An open block; {@code secret} when a {@code with} set {@code .} to a secret, {@code tested} the keys an {@code if} tests. */
    private record Frame(String keyword, String secret, List<String[]> tested) {
    }

    private SecretReferences() {
    }

    static List<Reference> scan(Path chartDir) {
        Path templates = chartDir.resolve("templates");
        if (!Files.isDirectory(templates)) {
            return List.of();
        }
        List<Reference> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(templates)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                all.addAll(scanTemplate(file, Files.readString(file)));
            }
        } catch (IOException e) {
            return all;
        }
        return all;
    }

    static List<Reference> scanTemplate(Path file, String text) {
        List<Reference> found = new ArrayList<>();
        Map<String, Set<String>> guarded = new HashMap<>();
        Deque<Frame> frames = new ArrayDeque<>();
        Matcher action = ACTION.matcher(text);
        while (action.find()) {
            String body = action.group(1).strip();
            int line = 1 + (int) text.substring(0, action.start()).chars().filter(c -> c == '\n').count();
            String keyword = body.split("\\s+", 2)[0];
            String secretOfDot = secretOfDot(frames);
            if (keyword.equals("end")) {
                if (!frames.isEmpty()) {
                    frames.pop();
                }
                continue;
            }
            boolean condition = keyword.equals("if") || keyword.equals("with") || keyword.equals("range");
            List<String[]> refs = new ArrayList<>();
            Matcher full = FULL.matcher(body);
            while (full.find()) {
                List<String> path = new ArrayList<>();
                Matcher q = QUOTED.matcher(full.group(1));
                while (q.find()) {
                    path.add(q.group(1));
                }
                refs.add(new String[] {path.get(0), path.size() > 1 ? path.get(1) : null});
            }
            if (secretOfDot != null) {
                Matcher rel = RELATIVE_INDEX.matcher(body);
                while (rel.find()) {
                    refs.add(new String[] {secretOfDot, rel.group(1)});
                }
                Matcher field = FIELD.matcher(body.replaceAll("\"[^\"]*\"", "\"\""));
                while (field.find()) {
                    if (!BUILTINS.contains(field.group(1))) {
                        refs.add(new String[] {secretOfDot, field.group(1)});
                    }
                }
            }
            for (String[] ref : refs) {
                if (condition && ref[1] != null) {
                    guarded.computeIfAbsent(ref[0], s -> new HashSet<>()).add(ref[1]);
                }
                boolean insideOwnWith = frames.stream().anyMatch(f -> ref[0].equals(f.secret()));
                Set<String> guards = new HashSet<>();
                frames.stream().filter(f -> f.keyword().equals("if")).flatMap(f -> f.tested().stream())
                        .filter(t -> t[0].equals(ref[0]) && t[1] != null).forEach(t -> guards.add(t[1]));
                found.add(new Reference(file, line, ref[0], ref[1], condition || insideOwnWith, condition, Set.copyOf(guards)));
            }
            if (Set.of("if", "with", "range", "define", "block").contains(keyword)) {
                String secret = keyword.equals("with") && refs.size() == 1 && refs.get(0)[1] == null ? refs.get(0)[0] : null;
                frames.push(new Frame(keyword, secret, keyword.equals("if") ? refs : List.of()));
            }
        }
        List<Reference> out = new ArrayList<>();
        for (Reference r : found) {
            boolean keyGuarded = r.key() != null && guarded.getOrDefault(r.secret(), Set.of()).contains(r.key());
            out.add(new Reference(r.template(), r.line(), r.secret(), r.key(), r.secretOptional(), r.keyOptional() || keyGuarded, r.guards()));
        }
        return out;
    }

    /** The secret that {@code .} stands for: set by the innermost {@code with} or {@code range}, if that was a secret's {@code with}. */
    private static String secretOfDot(Deque<Frame> frames) {
        for (Frame f : frames) {
            if (f.keyword().equals("with") || f.keyword().equals("range")) {
                return f.secret();
            }
        }
        return null;
    }
}
