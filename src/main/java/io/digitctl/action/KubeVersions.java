package io.digitctl.action;

import io.digitctl.model.DigitctlException;
import io.digitctl.render.RenderOptions;
import io.digitctl.tree.Environment;

import java.util.regex.Pattern;

/** The Kubernetes version charts are rendered for: the flag, else the env file's global.kubeVersion, else a current default. */
final class KubeVersions {
    private static final Pattern VERSION = Pattern.compile("v?\\d+\\.\\d+(\\.\\d+)?([-+][0-9A-Za-z.-]+)?");

    private KubeVersions() {
    }

    static String choose(String flag, Environment env) {
        if (flag != null && !flag.isBlank()) {
            return check(flag, "--kube-version");
        }
        return env.global("kubeVersion")
                .map(v -> check(v, env.file() + ": global.kubeVersion"))
                .orElse(RenderOptions.DEFAULT_KUBE_VERSION);
    }

    private static String check(String version, String where) {
        String v = version.strip();
        if (!VERSION.matcher(v).matches()) {
            throw new DigitctlException(where + " is '" + version + "', which is not a Kubernetes version. Write it like 1.30 or v1.30.4.");
        }
        return v.startsWith("v") ? v : "v" + v;
    }
}
