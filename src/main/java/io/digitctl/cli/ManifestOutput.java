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
import java.util.LinkedHashMap;
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

    /** {@code DIR/<service>/<template>}; a service's folder is replaced whole so that no stale file survives. */
    static int writeTo(Path dir, RenderReport report, boolean showSecrets) {
        int files = 0;
        try {
            Files.createDirectories(dir);
            for (ServiceRender.Rendered rendered : report.rendered()) {
                Path serviceDir = dir.resolve(rendered.service());
                FileTrees.delete(serviceDir);
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
            throw new DigitctlException("Cannot write manifests to " + dir + ": " + e.getMessage());
        }
        return files;
    }
}
