package io.digitctl.render;

import io.digitctl.files.FileTrees;
import io.digitctl.model.DigitctlException;
import io.digitctl.tree.LocalDependencies;
import io.digitctl.tree.LocalDependencies.LocalDependency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Makes a chart renderable without touching the user's tree: a private copy, keyed by the content
 * of the chart and of its {@code file://} dependencies, with those dependencies placed in its
 * {@code charts/} folder as {@code helm dependency update} would, but with no network. Copies live
 * in the cache and are reused while the content is the same; a new copy is built aside and moved
 * into place in one step, so concurrent runs never see half a chart.
 *
 * <p>Rendering has no cluster, so {@code lookup} must answer as it does for {@code helm template}:
 * an empty map. The embedded Helm would try to reach a cluster instead, so the staged copy's
 * templates call {@code omit (dict) ...}, which takes the same arguments and returns an empty map.
 *
 * <p>The embedded Helm would also leave hooks out of its output; the staged copy's templates and
 * values files name the hook annotations privately ({@link HookAnnotations}), so that hooks are
 * rendered like any object and get their real annotations back when the output is split.
 */
public final class ChartStager {
    /** Part of every digest: bump it when the way copies are made changes, so old copies are not reused. */
    private static final String STAGING_FORMAT = "3";
    private static final java.util.regex.Pattern LOOKUP_CALL = java.util.regex.Pattern.compile("(?<![\\w$.\"-])lookup(?=\\s)");

    private final Path stageRoot;
    private final Map<Path, Staged> staged = new ConcurrentHashMap<>();

    /** A staged chart: where it is and the digest that names it. */
    public record Staged(Path dir, String digest) {
    }

    public ChartStager(Path cacheRoot) {
        this.stageRoot = cacheRoot.resolve("charts");
    }

    public Path stage(Path chartDir) {
        return staged(chartDir).dir();
    }

    /** The staged copy of a chart, with the digest of its content. */
    public Staged staged(Path chartDir) {
        return stageChart(chartDir.toAbsolutePath().normalize(), new ArrayList<>());
    }

    private Staged stageChart(Path chartDir, List<Path> chain) {
        Staged done = staged.get(chartDir);
        if (done != null) {
            return done;
        }
        if (chain.contains(chartDir)) {
            throw new DigitctlException("Chart " + chartDir + " depends on itself through " + chain + ". Fix the file:// dependencies in Chart.yaml.");
        }
        chain.add(chartDir);
        List<LocalDependency> deps = localDependencies(chartDir);
        List<Staged> stagedDeps = new ArrayList<>();
        for (LocalDependency dep : deps) {
            stagedDeps.add(stageChart(dep.source(), chain));
        }
        chain.remove(chartDir);
        String digest = digest(chartDir, deps, stagedDeps);
        Path target = stageRoot.resolve(digest);
        if (!Files.isDirectory(target)) {
            build(chartDir, deps, stagedDeps, target);
        }
        Staged result = new Staged(target, digest);
        staged.put(chartDir, result);
        return result;
    }

    private static List<LocalDependency> localDependencies(Path chartDir) {
        if (!Files.isRegularFile(chartDir.resolve("Chart.yaml"))) {
            throw new DigitctlException(chartDir + " is not a Helm chart: it has no Chart.yaml.");
        }
        List<LocalDependency> deps = new ArrayList<>();
        for (String file : LocalDependencies.FILES) {
            for (LocalDependency dep : LocalDependencies.declaredIn(chartDir, file)) {
                if (!dep.isChart()) {
                    throw new DigitctlException(dep.notAChart());
                }
                deps.add(dep);
            }
        }
        return deps;
    }

    /** Files of the chart that the staged copy takes over: all but what the local dependencies replace. */
    private static List<Path> ownFiles(Path chartDir, List<LocalDependency> deps) {
        try (Stream<Path> walk = Files.walk(chartDir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !replacedByDependency(chartDir.relativize(p), deps))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DigitctlException("Cannot read chart " + chartDir + ": " + FileTrees.reason(e));
        } catch (UncheckedIOException e) {
            throw new DigitctlException("Cannot read chart " + chartDir + ": " + FileTrees.reason(e.getCause()));
        }
    }

    private static boolean replacedByDependency(Path relative, List<LocalDependency> deps) {
        if (relative.getNameCount() < 2 || !relative.getName(0).toString().equals("charts")) {
            return false;
        }
        String entry = relative.getName(1).toString();
        for (LocalDependency dep : deps) {
            if (entry.equals(dep.name()) || (entry.startsWith(dep.name() + "-") && entry.endsWith(".tgz"))) {
                return true;
            }
        }
        return false;
    }

    private static String digest(Path chartDir, List<LocalDependency> deps, List<Staged> stagedDeps) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(STAGING_FORMAT.getBytes(StandardCharsets.UTF_8));
            for (Path file : ownFiles(chartDir, deps)) {
                sha.update(chartDir.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(file));
                sha.update((byte) 0);
            }
            for (int i = 0; i < deps.size(); i++) {
                sha.update(("dep:" + deps.get(i).name() + "=" + stagedDeps.get(i).digest()).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (IOException e) {
            throw new DigitctlException("Cannot read chart " + chartDir + ": " + FileTrees.reason(e));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void build(Path chartDir, List<LocalDependency> deps, List<Staged> stagedDeps, Path target) {
        Path partial = null;
        try {
            Files.createDirectories(stageRoot);
            partial = Files.createTempDirectory(stageRoot, target.getFileName() + ".partial-");
            for (Path file : ownFiles(chartDir, deps)) {
                Path to = partial.resolve(chartDir.relativize(file).toString());
                Files.createDirectories(to.getParent());
                Path relative = chartDir.relativize(file);
                String text = isTemplate(relative) || isValues(relative) ? text(file) : null;
                if (text == null) {
                    Files.copy(file, to);
                } else if (isTemplate(relative)) {
                    Files.writeString(to, HookAnnotations.hide(withoutClusterLookups(text)), StandardCharsets.UTF_8);
                } else {
                    Files.writeString(to, HookAnnotations.hide(text), StandardCharsets.UTF_8);
                }
            }
            for (int i = 0; i < deps.size(); i++) {
                FileTrees.copy(stagedDeps.get(i).dir(), partial.resolve("charts").resolve(deps.get(i).name()));
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.isDirectory(target)) {
                    throw raced;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new DigitctlException("Cannot prepare a copy of chart " + chartDir + " in " + stageRoot + ": " + e.getMessage()
                    + ". Set DIGITCTL_CACHE_DIR to a writable folder.");
        } finally {
            deletePartial(partial);
        }
    }

    /** A file in the {@code templates/} folder of the chart or of one of its subcharts ({@code charts/x/templates/...}). */
    static boolean isTemplate(Path relative) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            String name = relative.getName(i).toString();
            if (name.equals("templates")) {
                return i == 0 || i >= 2 && relative.getName(i - 2).toString().equals("charts");
            }
        }
        return false;
    }

    /** A values file of the chart or of a subchart: some charts keep hook annotations there (cert-manager). */
    static boolean isValues(Path relative) {
        String name = relative.getFileName().toString();
        return (name.equals("values.yaml") || name.equals("values.yml")) && !isTemplate(relative);
    }

    /** The file as UTF-8 text, or null when it is not text (then it is copied as it is). */
    private static String text(Path file) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    /** Replaces the {@code lookup} function inside template actions; text outside actions is left alone. */
    static String withoutClusterLookups(String template) {
        if (!template.contains("lookup")) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length());
        int pos = 0;
        while (true) {
            int open = template.indexOf("{{", pos);
            if (open < 0) {
                out.append(template, pos, template.length());
                return out.toString();
            }
            int close = template.indexOf("}}", open);
            if (close < 0) {
                out.append(template, pos, template.length());
                return out.toString();
            }
            out.append(template, pos, open);
            out.append(LOOKUP_CALL.matcher(template.substring(open, close)).replaceAll("omit (dict)"));
            pos = close;
        }
    }

    private static void deletePartial(Path partial) {
        if (partial == null) {
            return;
        }
        try {
            FileTrees.delete(partial);
        } catch (IOException ignored) {
            // a leftover partial copy is harmless: it is never used and has a unique name
        }
    }
}
