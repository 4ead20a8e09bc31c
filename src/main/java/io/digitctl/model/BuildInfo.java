package io.digitctl.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions of this tool and of the Helm library it embeds, written at build time. */
public final class BuildInfo {
    private static final Properties PROPERTIES = load();

    private BuildInfo() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/digitctl.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // the defaults below say "unknown", which is the truth
        }
        return p;
    }

    public static String version() {
        return PROPERTIES.getProperty("version", "unknown");
    }

    /**
     * When this build of digitctl was made: a code change without a new version number still makes a new build,
     * and what digitctl makes of Helm's output may have changed with it.
     */
    public static String build() {
        return PROPERTIES.getProperty("build", "unknown");
    }

    public static String helmJavaVersion() {
        return PROPERTIES.getProperty("helm-java.version", "unknown");
    }
}
