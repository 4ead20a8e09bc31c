package io.digitctl.kube;

import io.digitctl.TestTrees;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deployable copy of DIGIT-DevOps's tree from ../shared (skips the test when it is absent):
 * egov-demo.yaml is a template whose {@code <domain_name>}-like placeholders become values a real
 * API server accepts, and its secrets file holds dummy values for every key.
 */
public final class DigitTreeCopy {
    private static final Pattern PLACEHOLDER = Pattern.compile("<([a-z]+(?:_[a-z]+)*)>");

    private DigitTreeCopy() {
    }

    public static Path prepare(Path target) {
        TestTrees.copy(TestTrees.digitDevops(), target);
        try {
            Path env = target.resolve("environments/egov-demo.yaml");
            Files.writeString(env, filledPlaceholders(Files.readString(env)));
            Path secrets = target.resolve("environments/egov-demo-secrets.yaml");
            Files.writeString(secrets, dummySecrets(Files.readString(secrets)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    static String filledPlaceholders(String env) {
        StringBuilder out = new StringBuilder();
        for (String line : env.split("\n", -1)) {
            Matcher m = PLACEHOLDER.matcher(line);
            out.append(line.contains("sub_filter") ? line : m.replaceAll(r -> r.group(1).replace('_', '-') + ".example.org")).append('\n');
        }
        return out.toString();
    }

    /** Placeholders filled, and any SOPS-encrypted value replaced: key names are clear in SOPS files, so the keys stay. */
    static String dummySecrets(String secrets) {
        int metadata = secrets.indexOf("\nsops:");
        String plain = metadata < 0 ? secrets : secrets.substring(0, metadata + 1);
        return filledPlaceholders(plain.replaceAll("ENC\\[AES256_GCM,[^\\]]*\\]", "dummy-value"));
    }
}
