package io.digitctl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.digitctl.action.Finding;
import io.digitctl.action.ValidateAction;
import io.digitctl.action.ValidationReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = {"Checks a deploy-as-code tree without a cluster, and exits 0 only when there is no error.",
                "Checks: YAML syntax of env files, release charts and chart",
                "values (with file and line), duplicate chart names, release services without charts, unknown module",
                "dependencies and cycles, env-file keys that match no chart (warnings), secret keys that the cluster-configs",
                "templates use but the secrets file lacks (key names are clear, nothing is decrypted), and encrypted secrets",
                "files that no available key opens (warnings).",
                "Exits 0 only when there is no error."},
        footer = {"", "Examples:",
                "  digitctl validate --helm-dir ../helm -e egov-demo",
                "  digitctl validate --helm-dir ../helm --skip-missing --output json"})
final class ValidateCommand implements Callable<Integer> {

    enum Format { text, json }

    @CommandLine.Mixin
    TreeOption tree;

    @Option(names = {"-e", "--env"}, paramLabel = "ENV", description = "Check this environment only (default: every environment).")
    String environment;

    @Option(names = "--skip-missing", description = "Report release services without a chart as warnings, not errors.")
    boolean skipMissing;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format output = Format.text;

    @CommandLine.Mixin
    KeyOptions keys;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ValidationReport report = new ValidateAction().run(new ValidateAction.Request(tree.helmDir, environment, skipMissing, keys.settings()));
        PrintWriter out = spec.commandLine().getOut();
        if (output == Format.json) {
            out.println(json(report));
        } else {
            text(report, out);
        }
        out.flush();
        return report.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static void text(ValidationReport report, PrintWriter out) {
        for (Finding f : report.findings()) {
            String where = f.location().isEmpty() ? "" : f.location() + ": ";
            out.println((f.severity() == Finding.Severity.ERROR ? "ERROR   " : "WARNING ") + where + f.message());
        }
        out.printf("%s: %d error%s, %d warning%s (%d charts, %d release charts, environments: %s).%n",
                report.ok() ? "valid" : "invalid", report.errors(), report.errors() == 1 ? "" : "s",
                report.warnings(), report.warnings() == 1 ? "" : "s", report.charts(), report.releases(),
                report.environments().isEmpty() ? "none" : String.join(", ", report.environments()));
    }

    static String json(ValidationReport report) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("helmDir", report.helmDir().toString());
        doc.put("valid", report.ok());
        doc.put("errors", report.errors());
        doc.put("warnings", report.warnings());
        doc.put("charts", report.charts());
        doc.put("releaseCharts", report.releases());
        doc.put("environments", report.environments());
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding f : report.findings()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("severity", f.severity().name().toLowerCase());
            item.put("code", f.code());
            item.put("file", f.file() == null ? null : f.file().toString());
            item.put("line", f.line());
            item.put("message", f.message());
            findings.add(item);
        }
        doc.put("findings", findings);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
