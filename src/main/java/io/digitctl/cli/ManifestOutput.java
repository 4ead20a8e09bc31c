package io.digitctl.cli;

import io.digitctl.files.FileTrees;
import io.digitctl.model.DigitctlException;
import io.digitctl.render.Manifest;
import io.digitctl.render.RenderReport;
import io.digitctl.render.SecretMasking;
import io.digitctl.render.ServiceRender;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes rendered manifests: to stdout as one multi-document YAML, or as one folder per service. */
final class ManifestOutput {
    private ManifestOutput() {
    }

    static void print(RenderReport report, boolean showSecrets, PrintWriter out) {
        for (Manifest m : report.manifests()) {
            out.print("---\n" + m.header());
            out.print(SecretMasking.text(m, showSecrets));
        }
        out.flush();
    }

    /** Marks each service folder digitctl wrote; only folders holding it are ever replaced. */
    static final String MARKER = ".digitctl-output";

    /** {@code DIR/<service>/<template>}; a service's folder is replaced whole so that no stale file survives. */
    static int writeTo(Path dir, RenderReport report, boolean showSecrets) {
        int files = 0;
        try {
            Files.createDirectories(dir);
            requireReplaceable(dir, report);
            for (ServiceRender.Rendered rendered : report.rendered()) {
                Path serviceDir = dir.resolve(rendered.service());
                FileTrees.delete(serviceDir);
                Files.createDirectories(serviceDir);
                Files.writeString(serviceDir.resolve(MARKER), "Written by digitctl deploy --output-dir; this folder is replaced on the next run.\n");
                Map<String, StringBuilder> byTemplate = new LinkedHashMap<>();
                for (Manifest m : rendered.manifests()) {
                    StringBuilder text = byTemplate.computeIfAbsent(m.template(), t -> new StringBuilder());
                    text.append("---\n").append(m.header()).append(SecretMasking.text(m, showSecrets));
                }
                for (Map.Entry<String, StringBuilder> e : byTemplate.entrySet()) {
                    Path file = serviceDir.resolve(e.getKey()).normalize();
                    if (!file.startsWith(serviceDir)) {
                        throw new DigitctlException("Chart template path '" + e.getKey() + "' of " + rendered.service() + " leaves its folder.");
                    }
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
                    files++;
                }
            }
        } catch (IOException e) {
            throw new DigitctlException("Cannot write manifests to " + dir + ": " + FileTrees.reason(e)
                    + (e instanceof java.nio.file.FileSystemException fs && fs.getFile() != null ? " (" + fs.getFile() + ")" : "") + ".");
        }
        return files;
    }

    /**
     * Refuses an output folder inside the deploy-as-code tree (its chart folders are named like
     * services), before anything is rendered.
     */
    static void requireOutsideTree(Path dir, Path helmDir) {
        Path out = canonical(dir);
        Path tree = canonical(helmDir);
        if (out.startsWith(tree) || tree.startsWith(out)) {
            throw new DigitctlException("--output-dir " + dir + " is " + (out.startsWith(tree) ? "inside" : "around") + " the --helm-dir tree " + helmDir
                    + "; writing there would replace chart folders. Choose a folder outside the tree.");
        }
    }

    private static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs));
        } catch (IOException e) {
            return abs;
        }
    }

    /** Every service folder about to be replaced must be one digitctl wrote (it holds the marker); nothing is deleted otherwise. */
    private static void requireReplaceable(Path dir, RenderReport report) {
        List<String> foreign = new ArrayList<>();
        for (ServiceRender.Rendered rendered : report.rendered()) {
            Path serviceDir = dir.resolve(rendered.service());
            if (Files.exists(serviceDir, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && !(Files.isDirectory(serviceDir, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(serviceDir.resolve(MARKER)))) {
                foreign.add(serviceDir.toString());
            }
        }
        if (!foreign.isEmpty()) {
            throw new DigitctlException("--output-dir would replace " + String.join(", ", foreign) + ", which digitctl did not write (no "
                    + MARKER + " marker). Nothing was written. Move " + (foreign.size() == 1 ? "it" : "them") + " away or choose another folder.");
        }
    }
}
