package io.digitctl.secrets;

import io.digitctl.model.DigitctlException;
import io.digitctl.secrets.crypto.EncryptionRules;
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
 * recipients and which values are encrypted.
 */
public final class CreationRules {
    private static final String CONFIG = ".sops.yaml";
    private static final List<String> CLOUD_FIELDS = List.of("kms", "gcp_kms", "azure_keyvault", "hc_vault_transit_uri", "hckms");

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
        if (rule.get("key_groups") != null) {
            throw new DigitctlException(config + ":" + line + ": key_groups (Shamir) in creation rules are not supported by digitctl yet; "
                    + "list age and pgp recipients in the rule, or pass --age/--pgp.");
        }
        List<String> cloud = new ArrayList<>();
        for (String field : CLOUD_FIELDS) {
            cloud.addAll(names(rule.get(field)));
        }
        if (!cloud.isEmpty()) {
            throw new DigitctlException(config + ":" + line + ": the rule encrypts for cloud KMS keys (" + String.join(", ", cloud)
                    + "), which digitctl cannot reach yet. Encrypt with sops, or choose age/PGP recipients with --age/--pgp.");
        }
        EncryptionRules rules;
        try {
            rules = EncryptionRules.from((Map<String, ?>) rule);
        } catch (IllegalArgumentException e) {
            throw new DigitctlException(config + ":" + line + ": " + e.getMessage() + ".");
        }
        Object macOnly = rule.get("mac_only_encrypted");
        return new EncryptionPlan(names(rule.get("age")), names(rule.get("pgp")), rules,
                macOnly instanceof Boolean b ? b : "true".equalsIgnoreCase(String.valueOf(macOnly)));
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
