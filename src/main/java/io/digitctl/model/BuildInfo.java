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

    public static String helmJavaVersion() {
        return PROPERTIES.getProperty("helm-java.version", "unknown");
    }
}
