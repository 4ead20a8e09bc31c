package io.digitctl.secrets;

import io.digitctl.model.DigitctlException;
import io.digitctl.secrets.crypto.EncryptionRules;
import io.digitctl.secrets.kms.KeySpecs;
import io.digitctl.secrets.kms.KmsException;
import io.digitctl.tree.YamlDocument;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code creation_rules} of the nearest {@code .sops.yaml} above a file: the first rule whose
 * {@code path_regex} matches the file (relative to the config's folder, or absolute) decides the
 * recipients and which values are encrypted: age, pgp, kms (with aws_profile), gcp_kms, azure_keyvault,
 * hc_vault_transit_uri, or key_groups with shamir_threshold, as sops reads them.
 */
public final class CreationRules {
    private static final String CONFIG = ".sops.yaml";

    private CreationRules() {
    }

    public static Optional<Path> nearestConfig(Path file) {
        for (Path dir = file.toAbsolutePath().normalize().getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(CONFIG))) {
                return Optional.of(dir.resolve(CONFIG));
            }
        }
        return Optional.empty();
    }

    /** The plan of the first matching rule; empty when there is no config or no rule matches. */
    public static Optional<EncryptionPlan> forFile(Path file) {
        Optional<Path> config = nearestConfig(file);
        if (config.isEmpty()) {
            return Optional.empty();
        }
        YamlDocument doc = YamlDocument.read(config.get());
        if (!(doc.mapping().get("creation_rules") instanceof List<?> rules)) {
            return Optional.empty();
        }
        Path absolute = file.toAbsolutePath().normalize();
        String relative = config.get().getParent().relativize(absolute).toString().replace('\\', '/');
        for (int i = 0; i < rules.size(); i++) {
            if (!(rules.get(i) instanceof Map<?, ?> rule)) {
                continue;
            }
            Object regex = rule.get("path_regex");
            if (regex == null || matches(config.get(), doc.lineOf("creation_rules", i), String.valueOf(regex), relative, absolute.toString())) {
                return Optional.of(plan(config.get(), doc.lineOf("creation_rules", i), rule));
            }
        }
        return Optional.empty();
    }

    private static boolean matches(Path config, int line, String regex, String relative, String absolute) {
        try {
            Pattern p = Pattern.compile(regex);
            return p.matcher(relative).find() || p.matcher(absolute).find();
        } catch (PatternSyntaxException e) {
            throw new DigitctlException(config + ":" + line + ": path_regex '" + regex + "' is not a valid regular expression.");
        }
    }

    @SuppressWarnings("unchecked")
    private static EncryptionPlan plan(Path config, int line, Map<?, ?> rule) {
        EncryptionRules rules;
        try {
            rules = EncryptionRules.from((Map<String, ?>) rule);
        } catch (IllegalArgumentException e) {
            throw new DigitctlException(config + ":" + line + ": " + e.getMessage() + ".");
        }
        Object macOnly = rule.get("mac_only_encrypted");
        boolean macOnlyEncrypted = macOnly instanceof Boolean b ? b : "true".equalsIgnoreCase(String.valueOf(macOnly));
        List<EncryptionPlan.Group> groups = new ArrayList<>();
        try {
            if (rule.get("key_groups") instanceof List<?> list && !list.isEmpty()) {
                for (Object g : list) {
                    if (g instanceof Map<?, ?> group) {
                        groups.add(keyGroup(group));
                    }
                }
            } else {
                if (rule.get("hckms") != null) {
                    throw new KmsException(KmsException.Kind.UNSUPPORTED, "hckms (Huawei Cloud KMS) keys are not supported by digitctl; use sops for them");
                }
                String profile = rule.get("aws_profile") == null ? "" : String.valueOf(rule.get("aws_profile"));
                List<Recipient.Cloud> cloud = new ArrayList<>(KeySpecs.aws(String.join(",", names(rule.get("kms"))), Map.of(), profile));
                cloud.addAll(KeySpecs.gcp(String.join(",", names(rule.get("gcp_kms")))));
                cloud.addAll(KeySpecs.azure(String.join(",", names(rule.get("azure_keyvault")))));
                cloud.addAll(KeySpecs.vault(String.join(",", names(rule.get("hc_vault_transit_uri")))));
                groups.add(new EncryptionPlan.Group(names(rule.get("age")), names(rule.get("pgp")), cloud));
            }
        } catch (KmsException e) {
            throw new DigitctlException(config + ":" + line + ": " + e.getMessage() + ".");
        }
        int threshold = 0;
        if (rule.get("shamir_threshold") != null) {
            try {
                threshold = Integer.parseInt(String.valueOf(rule.get("shamir_threshold")).strip());
            } catch (NumberFormatException e) {
                throw new DigitctlException(config + ":" + line + ": shamir_threshold '" + rule.get("shamir_threshold") + "' is not a number.");
            }
        }
        long nonEmpty = groups.stream().filter(g -> !g.isEmpty()).count();
        if (nonEmpty > 1 && threshold != 0 && (threshold < 2 || threshold > nonEmpty)) {
            throw new DigitctlException(config + ":" + line + ": shamir_threshold " + threshold + " must be between 2 and the number of key groups ("
                    + nonEmpty + ").");
        }
        return new EncryptionPlan(groups, threshold, rules, macOnlyEncrypted);
    }

    /** A {@code key_groups} entry as sops reads it: lists of keys per type, and {@code merge} of nested groups. */
    private static EncryptionPlan.Group keyGroup(Map<?, ?> group) {
        List<String> age = new ArrayList<>(names(group.get("age")));
        List<String> pgp = new ArrayList<>(names(group.get("pgp")));
        List<Recipient.Cloud> cloud = new ArrayList<>();
        for (Object k : list(group.get("kms"))) {
            if (k instanceof Map<?, ?> kms) {
                Map<String, String> context = new java.util.TreeMap<>();
                if (kms.get("context") instanceof Map<?, ?> ctx) {
                    ctx.forEach((key, value) -> context.put(String.valueOf(key), value == null ? "" : String.valueOf(value)));
                }
                cloud.add(KeySpecs.aws(text(kms.get("arn")), text(kms.get("role")), context, text(kms.get("aws_profile"))));
            } else if (k != null) {
                cloud.addAll(KeySpecs.aws(String.valueOf(k), Map.of(), ""));
            }
        }
        for (Object k : list(group.get("gcp_kms"))) {
            cloud.addAll(KeySpecs.gcp(k instanceof Map<?, ?> m ? text(m.get("resource_id")) : text(k)));
        }
        for (Object k : list(group.get("azure_keyvault"))) {
            if (k instanceof Map<?, ?> m) {
                cloud.add(KeySpecs.azure(text(m.get("vaultUrl")), text(m.get("key")), text(m.get("version"))));
            } else if (k != null) {
                cloud.addAll(KeySpecs.azure(String.valueOf(k)));
            }
        }
        for (Object k : list(group.get("hc_vault"))) {
            cloud.addAll(KeySpecs.vault(text(k)));
        }
        if (group.get("hckms") != null) {
            throw new KmsException(KmsException.Kind.UNSUPPORTED, "hckms (Huawei Cloud KMS) keys are not supported by digitctl; use sops for them");
        }
        for (Object nested : list(group.get("merge"))) {
            if (nested instanceof Map<?, ?> m) {
                EncryptionPlan.Group merged = keyGroup(m);
                age.addAll(merged.age());
                pgp.addAll(merged.pgp());
                cloud.addAll(merged.cloud());
            }
        }
        return new EncryptionPlan.Group(age, pgp, cloud);
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : value == null ? List.of() : List.of(value);
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value).strip();
    }

    /** A comma-separated string or a list, as sops accepts both. */
    static List<String> names(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> out.addAll(names(v)));
        } else if (value != null) {
            for (String part : String.valueOf(value).split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }
}
