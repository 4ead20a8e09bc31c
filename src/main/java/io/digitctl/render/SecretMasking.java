package io.digitctl.render;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text of a manifest as shown to people: a Secret's {@code data} and {@code stringData} values are
 * replaced by a mask, unless the user asked to see them.
 */
public final class SecretMasking {
    public static final String MASK = "<masked>";
    private static final String[] VALUE_FIELDS = {"data", "stringData"};

    private SecretMasking() {
    }

    public static String text(Manifest manifest, boolean showSecrets) {
        if (showSecrets || !manifest.isSecret()) {
            return manifest.yaml();
        }
        return dump(masked(manifest.object()));
    }

    /** A copy of the object with every Secret value masked. */
    public static Map<String, Object> masked(Map<String, Object> object) {
        Map<String, Object> copy = new LinkedHashMap<>(object);
        for (String field : VALUE_FIELDS) {
            if (copy.get(field) instanceof Map<?, ?> values) {
                Map<Object, Object> masked = new LinkedHashMap<>();
                values.forEach((k, v) -> masked.put(k, MASK));
                copy.put(field, masked);
            }
        }
        return copy;
    }

    private static String dump(Map<String, Object> object) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        return new Yaml(options).dump(object);
    }
}
