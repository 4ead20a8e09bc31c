package io.digitctl.secrets.store;

import java.nio.file.Path;

/** The store of a file, chosen by its extension as sops does. */
public enum SopsFormat {
    YAML(new YamlStore()),
    JSON(new JsonStore()),
    DOTENV(new DotenvStore()),
    INI(new IniStore()),
    BINARY(new BinaryStore());

    private final SopsStore store;

    SopsFormat(SopsStore store) {
        this.store = store;
    }

    public SopsStore store() {
        return store;
    }

    public static SopsFormat of(Path file) {
        String name = file.getFileName().toString().toLowerCase();
        if (name.endsWith(".yaml") || name.endsWith(".yml")) return YAML;
        if (name.endsWith(".json")) return JSON;
        if (name.endsWith(".env")) return DOTENV;
        if (name.endsWith(".ini")) return INI;
        return BINARY;
    }
}
