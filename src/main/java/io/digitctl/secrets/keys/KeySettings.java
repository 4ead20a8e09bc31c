package io.digitctl.secrets.keys;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where keys come from, as sops users expect: {@code SOPS_AGE_KEY}, {@code SOPS_AGE_KEY_FILE},
 * {@code $XDG_CONFIG_HOME/sops/age/keys.txt} (else {@code ~/.config/sops/age/keys.txt}); PGP keys
 * from armored files ({@code --pgp-key} or {@code DIGITCTL_PGP_KEY_FILE}) with the passphrase from
 * {@code DIGITCTL_PGP_PASSPHRASE} or a prompt.
 *
 * @param environment the process environment (tests pass their own)
 * @param ageKeyFiles identity files given with {@code --age-key-file}, read before the usual places
 * @param passphrase  asked only when a PGP key is protected and no passphrase is set; may return null
 */
public record KeySettings(Map<String, String> environment, Path home, List<Path> ageKeyFiles, List<Path> pgpKeyFiles,
                          Supplier<char[]> passphrase) {

    public KeySettings(Map<String, String> environment, Path home, List<Path> pgpKeyFiles, Supplier<char[]> passphrase) {
        this(environment, home, List.of(), pgpKeyFiles, passphrase);
    }

    public static KeySettings fromEnvironment(List<Path> ageKeyFiles, List<Path> pgpKeyFiles) {
        return new KeySettings(System.getenv(), home(System.getenv()), ageKeyFiles, pgpKeyFiles, KeySettings::prompt);
    }

    /** {@code $HOME} as sops, the cloud CLIs and their SDKs read it (else Java's user.home). */
    static Path home(Map<String, String> environment) {
        String home = environment.get("HOME");
        return home != null && !home.isBlank() && Path.of(home).isAbsolute() ? Path.of(home) : Path.of(System.getProperty("user.home"));
    }

    public String env(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    public Path ageKeysFile() {
        String xdg = env("XDG_CONFIG_HOME");
        Path config = xdg != null ? Path.of(xdg) : home.resolve(".config");
        return config.resolve("sops").resolve("age").resolve("keys.txt");
    }

    /** Key files given on the command line, then DIGITCTL_PGP_KEY_FILE (paths separated like PATH). */
    public List<Path> allPgpKeyFiles() {
        List<Path> files = new java.util.ArrayList<>(pgpKeyFiles);
        String fromEnv = env("DIGITCTL_PGP_KEY_FILE");
        if (fromEnv != null) {
            for (String p : fromEnv.split(java.io.File.pathSeparator)) {
                if (!p.isBlank()) {
                    files.add(Path.of(p));
                }
            }
        }
        return files;
    }

    public char[] pgpPassphrase() {
        String fromEnv = env("DIGITCTL_PGP_PASSPHRASE");
        if (fromEnv != null) {
            return fromEnv.toCharArray();
        }
        return passphrase == null ? null : passphrase.get();
    }

    private static char[] prompt() {
        java.io.Console console = System.console();
        return console == null ? null : console.readPassword("Passphrase of the PGP key: ");
    }
}
