package io.digitctl.action;

import io.digitctl.model.DigitctlException;
import io.digitctl.render.ChartRenderer;
import io.digitctl.secrets.Recipient;
import io.digitctl.secrets.Sops;
import io.digitctl.secrets.SopsMetadata;
import io.digitctl.secrets.doc.Branch;
import io.digitctl.secrets.doc.SopsDocument;
import io.digitctl.secrets.keys.CloudKeyService;
import io.digitctl.secrets.keys.DataKeys;
import io.digitctl.secrets.keys.KeySettings;
import io.digitctl.secrets.kms.CloudKeys;
import io.digitctl.model.ReleaseChart;
import io.digitctl.model.ReleaseModule;
import io.digitctl.plan.DeployPlan;
import io.digitctl.plan.ModuleOrder;
import io.digitctl.plan.PlanWarning;
import io.digitctl.plan.Planner;
import io.digitctl.plan.TagResolver;
import io.digitctl.plan.UnknownDependency;
import io.digitctl.tree.ChartEntry;
import io.digitctl.tree.ChartIndex;
import io.digitctl.tree.DeployTree;
import io.digitctl.tree.Environment;
import io.digitctl.tree.LocalDependencies;
import io.digitctl.tree.Placeholders;
import io.digitctl.tree.ReleaseChartFile;
import io.digitctl.tree.ReleaseCharts;
import io.digitctl.tree.TreeFileException;
import io.digitctl.tree.YamlDocument;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checks a deploy-as-code tree without a cluster and without rendering: YAML syntax, the chart
 * index, release charts against the index, env files against the index, and placeholders left in
 * env files.
 */
public final class ValidateAction {

    /**
     * @param environment  one environment to check, or null for every environment of the tree
     * @param skipMissing  report release services without a chart as warnings rather than errors
     */
    public record Request(Path helmDir, String environment, boolean skipMissing, KeySettings keys) {
    }

    public ValidationReport run(Request request) {
        DeployTree tree = new DeployTree(request.helmDir());
        List<Finding> findings = new ArrayList<>();
        ChartIndex index = tree.charts();
        for (ChartIndex.Duplicate d : index.duplicates()) {
            findings.add(error("duplicate-chart", d.second(), 0, d.message()));
        }
        checkChartFiles(tree, findings);
        checkChartDependencies(tree, index, findings);
        List<String> environments = request.environment() != null ? List.of(request.environment()) : tree.environmentNames();
        for (String name : environments) {
            checkEnvironment(tree, name, index, findings);
            checkSecrets(tree, name, index, request.keys(), findings);
        }
        UntaggedImages untagged = UntaggedImages.of(tree, environments);
        List<ReleaseChartFile> releases = tree.releases().list();
        for (ReleaseChartFile file : releases) {
            checkRelease(tree, file, index, request.skipMissing(), untagged, findings);
        }
        return new ValidationReport(tree.root(), environments, index.size(), releases.size(), List.copyOf(findings));
    }

    private static void checkChartFiles(DeployTree tree, List<Finding> findings) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(tree.chartsDir())) {
            files = walk.filter(Files::isRegularFile).filter(ValidateAction::isChartYaml).sorted().toList();
        } catch (IOException e) {
            throw new DigitctlException("Cannot read " + tree.chartsDir() + ": " + io.digitctl.files.FileTrees.describe(e));
        } catch (java.io.UncheckedIOException e) {
            throw new DigitctlException("Cannot read " + tree.chartsDir() + ": " + io.digitctl.files.FileTrees.describe(e.getCause()));
        }
        for (Path file : files) {
            parse(file, findings);
        }
        for (ChartEntry entry : tree.charts().entries()) {
            if (!entry.isChart()) {
                findings.add(warning("not-a-chart", entry.serviceValues() != null ? entry.serviceValues() : entry.chartDir(), 0,
                        "'" + entry.service() + "' is indexed as a service, but " + entry.chartDir()
                                + " has no Chart.yaml, so it cannot be deployed. Rename the file if it is not a service's values."));
            }
        }
    }

    private static boolean isChartYaml(Path file) {
        String name = file.getFileName().toString();
        boolean inTemplates = file.toString().contains("/templates/");
        return !inTemplates && (name.equals("Chart.yaml") || name.endsWith("values.yaml"));
    }

    private static Optional<YamlDocument> parse(Path file, List<Finding> findings) {
        try {
            YamlDocument doc = YamlDocument.read(file);
            doc.mapping();
            return Optional.of(doc);
        } catch (TreeFileException e) {
            findings.add(error("yaml-syntax", e.file(), e.line(), e.detail()));
            return Optional.empty();
        }
    }

    private static void checkEnvironment(DeployTree tree, String name, ChartIndex index, List<Finding> findings) {
        Environment env;
        try {
            env = tree.environment(name);
            env.values();
        } catch (TreeFileException e) {
            findings.add(error("yaml-syntax", e.file(), e.line(), e.detail()));
            return;
        }
        env.secrets().ifPresent(secrets -> parse(secrets, findings));
        checkPlaceholders(env.file(), true, findings);
        // a plain secrets file's comments may hold secrets: its findings name the place only
        env.secrets().ifPresent(secrets -> checkPlaceholders(secrets, false, findings));
        for (Object rawKey : env.values().keySet()) {
            if (!(rawKey instanceof String key)) {
                findings.add(nonTextKey(env, rawKey));
                continue;
            }
            if (Environment.ENVIRONMENT_KEYS.contains(key) || index.contains(key)) {
                continue;
            }
            String hint = NearestName.among(key, index.entries().stream().map(ChartEntry::service).toList())
                    .map(n -> " Did you mean '" + n + "'?").orElse(" If it is a typo, no chart will see these values.");
            findings.add(warning("unknown-env-key", env.file(), env.document().lineOf(key),
                    "top-level key '" + key + "' matches no chart." + hint));
        }
    }

    /**
     * Values the env file's author left for the operator to fill ({@code <domain_name>}, see
     * {@link Placeholders} for the rule): errors, since a deploy with them renders objects a cluster
     * refuses or that cannot work. The comment beside the value usually says what to put there.
     */
    private static void checkPlaceholders(Path file, boolean showComments, List<Finding> findings) {
        for (Placeholders.Placeholder p : Placeholders.scan(file)) {
            findings.add(error("placeholder", file, p.line(), "'" + p.path() + "' still holds the placeholder"
                    + (p.placeholders().size() > 1 ? "s " : " ") + String.join(", ", p.placeholders()) + ": fill it in before deploying"
                    + (showComments && p.comment() != null ? " (# " + p.comment() + ")." : ".")));
        }
    }

    /**
     * Without decrypting (key names are clear in SOPS files): every secret key the cluster-configs
     * templates use must be in the secrets file or the env file; an encrypted file that no
     * available key opens is a warning.
     */
    private static void checkSecrets(DeployTree tree, String name, ChartIndex index, KeySettings keys, List<Finding> findings) {
        Environment env;
        try {
            env = tree.environment(name);
            env.values();
        } catch (TreeFileException e) {
            return;
        }
        Branch secretsDoc = null;
        if (env.secrets().isPresent()) {
            Path file = env.secrets().get();
            try {
                SopsDocument doc = Sops.read(file, Sops.readBytes(file));
                secretsDoc = doc.documents().isEmpty() ? null : doc.documents().get(0);
                if (doc.isEncrypted() && keys != null) {
                    checkRecipients(file, Sops.metadata(file, doc), keys, findings);
                }
            } catch (DigitctlException e) {
                findings.add(error("secrets-file", file, 0, e.getMessage()));
                return;
            }
        }
        Optional<ChartEntry> clusterConfigs = index.find(ChartRenderer.CLUSTER_CONFIGS);
        if (clusterConfigs.isEmpty()) {
            return;
        }
        SecretKeys present = new SecretKeys(chartValues(clusterConfigs.get()), env.values(), secretsDoc);
        Set<String> reported = new HashSet<>();
        for (SecretReferences.Reference ref : SecretReferences.scan(clusterConfigs.get().chartDir())) {
            String where = ref.template().getFileName() + ":" + ref.line();
            if (!present.hasSecret(ref.secret())) {
                if (!ref.secretOptional() && reported.add(ref.secret())) {
                    findings.add(error("missing-secret", env.secrets().orElse(env.file()), 0, "cluster-configs secret '" + ref.secret()
                            + "' is used by " + ref.template() + ":" + ref.line() + " but is in neither " + env.file().getFileName()
                            + " nor the secrets file. Add cluster-configs.secrets." + ref.secret() + "."));
                }
            } else if (ref.key() != null && !ref.keyOptional() && !present.hasKey(ref.secret(), ref.key())
                    && ref.guards().stream().allMatch(g -> present.hasKey(ref.secret(), g))
                    && reported.add(ref.secret() + "/" + ref.key())) {
                findings.add(error("missing-secret-key", env.secrets().orElse(env.file()), 0, "cluster-configs secret '" + ref.secret()
                        + "' has no key '" + ref.key() + "', which " + where + " of cluster-configs uses. Add it to the secrets file."));
            }
        }
    }

    /**
     * Which recipients of an encrypted secrets file are usable here, without decrypting the file: an
     * age or PGP key that opens the data key, or a cloud key whose service's credentials are found (the
     * service is not called). None usable is a warning that lists every recipient and what is missing.
     */
    private static void checkRecipients(Path file, SopsMetadata metadata, KeySettings keys, List<Finding> findings) {
        if (new DataKeys(keys, CloudKeyService.NONE).canOpen(metadata)) {
            return;
        }
        CloudKeys cloud = new CloudKeys(keys);
        List<String> report = new ArrayList<>();
        boolean usable = false;
        for (Recipient r : metadata.recipients()) {
            if (r instanceof Recipient.Cloud c) {
                CloudKeyService.Usability u = cloud.usability(c);
                usable |= u.usable();
                report.add(r.describe() + " (" + (u.usable() ? "usable: " : "") + u.detail() + ")");
            } else {
                report.add(r.describe() + " (" + (r instanceof Recipient.Age ? "no age identity here opens it" : "no PGP secret key here opens it") + ")");
            }
        }
        if (!usable) {
            findings.add(warning("secrets-no-key", file, 0, "no available key opens this file (recipients: " + String.join(", ", report)
                    + "); deploy -c will fail here. Provide a key with --age-key-file, SOPS_AGE_KEY_FILE or --pgp-key, or credentials for a cloud key."));
        }
    }

    private static Map<String, Object> chartValues(ChartEntry chart) {
        Path values = chart.chartDir().resolve("values.yaml");
        try {
            return Files.isRegularFile(values) ? YamlDocument.read(values).mapping() : Map.of();
        } catch (DigitctlException e) {
            return Map.of();
        }
    }

    private static void checkRelease(DeployTree tree, ReleaseChartFile file, ChartIndex index, boolean skipMissing,
                                     UntaggedImages untagged, List<Finding> findings) {
        ReleaseChart release;
        try {
            release = ReleaseCharts.parse(file);
        } catch (TreeFileException e) {
            findings.add(error(e instanceof io.digitctl.tree.YamlSyntaxException ? "yaml-syntax" : "release-structure",
                    e.file(), e.line(), e.detail()));
            return;
        }
        List<UnknownDependency> unknown = ModuleOrder.unknownDependencies(release);
        for (UnknownDependency u : unknown) {
            findings.add(error("unknown-dependency", release.file(), u.line(), u.message()));
        }
        checkReleaseChartsAreCharts(release, index, findings);
        Set<String> tagged = new HashSet<>();
        release.modules().forEach(m -> m.images().stream().filter(p -> p.image().tag() != null || p.image().digest() != null)
                .forEach(p -> tagged.add(p.image().serviceName())));
        for (ReleaseModule module : release.modules()) {
            for (ReleaseModule.PinnedImage pinned : module.images()) {
                String service = pinned.image().serviceName();
                if (!index.contains(service)) {
                    String message = "service '" + service + "' (module " + module.name() + ") has no chart under " + tree.chartsDir() + ".";
                    findings.add(skipMissing ? warning("missing-chart", release.file(), pinned.line(), message)
                            : error("missing-chart", release.file(), pinned.line(), message));
                } else {
                    untagged.problem(index.find(service).orElseThrow(), pinned.image(), module.name(), tagged)
                            .ifPresent(problem -> findings.add(warning("untagged-image", release.file(), pinned.line(), problem)));
                }
            }
        }
        if (!unknown.isEmpty()) {
            return;
        }
        try {
            DeployPlan plan = new Planner(tree, TagResolver.OFFLINE).forRelease(release, release.moduleNames(), true);
            plan.warnings().stream().filter(w -> w.kind() == PlanWarning.Kind.PINNED_TWICE)
                    .forEach(w -> findings.add(warning("pinned-twice", release.file(), 0, w.message())));
        } catch (TreeFileException e) {
            findings.add(error("dependency-cycle", e.file(), e.line(), e.detail()));
        } catch (DigitctlException e) {
            findings.add(error("release-structure", release.file(), 0, e.getMessage()));
        }
    }

    /** A top-level env key that YAML reads as a boolean or number ({@code no:}, {@code 1:}): no chart can be named so. */
    private static Finding nonTextKey(Environment env, Object key) {
        return warning("unknown-env-key", env.file(), 0, "top-level key '" + key + "' (" + key.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)
                + ") matches no chart: YAML reads an unquoted " + (key instanceof Boolean ? "yes/no/on/off/true/false" : "number")
                + " as a " + (key instanceof Boolean ? "boolean" : "number") + ". Quote it if it names a chart, e.g. \"" + key + "\":.");
    }

    /**
     * What deploy's staging of a chart needs: its Chart.yaml, and a chart at each local
     * ({@code file://}) dependency, reported with deploy's own message.
     */
    private static void checkChartDependencies(DeployTree tree, ChartIndex index, List<Finding> findings) {
        Set<Path> seen = new HashSet<>();
        for (ChartEntry entry : index.entries()) {
            Path chartYaml = entry.chartDir().resolve("Chart.yaml");
            if (!seen.add(entry.chartDir()) || !Files.isRegularFile(chartYaml)) {
                continue;
            }
            for (String file : LocalDependencies.FILES) {
                List<LocalDependencies.LocalDependency> deps;
                try {
                    deps = LocalDependencies.declaredIn(entry.chartDir(), file);
                } catch (DigitctlException e) {
                    continue; // reported as a syntax error by checkChartFiles
                }
                deps.stream().filter(dep -> !dep.isChart())
                        .forEach(dep -> findings.add(error("missing-dependency", dep.declaredIn(), 0, dep.notAChart())));
            }
        }
    }

    /** A release service whose folder has no Chart.yaml cannot render: an error with deploy's message, not only the index warning. */
    private static void checkReleaseChartsAreCharts(ReleaseChart release, ChartIndex index, List<Finding> findings) {
        Set<Path> reported = new HashSet<>();
        for (ReleaseModule module : release.modules()) {
            for (ReleaseModule.PinnedImage pinned : module.images()) {
                index.find(pinned.image().serviceName()).filter(e -> !e.isChart()).filter(e -> reported.add(e.chartDir()))
                        .ifPresent(e -> findings.add(error("not-a-chart", release.file(), pinned.line(), "service '" + e.service() + "' (module "
                                + module.name() + "): " + e.chartDir() + " is not a Helm chart: it has no Chart.yaml.")));
            }
        }
    }

    private static Finding error(String code, Path file, int line, String message) {
        return new Finding(Finding.Severity.ERROR, code, file, line, message);
    }

    private static Finding warning(String code, Path file, int line, String message) {
        return new Finding(Finding.Severity.WARNING, code, file, line, message);
    }
}
