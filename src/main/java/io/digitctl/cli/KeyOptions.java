package io.digitctl.cli;

import io.digitctl.secrets.keys.KeySettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where SOPS keys come from, besides SOPS_AGE_KEY, SOPS_AGE_KEY_FILE and ~/.config/sops/age/keys.txt. */
final class KeyOptions {
    @Option(names = "--age-key-file", paramLabel = "FILE", description = "An age identity file (AGE-SECRET-KEY-1... lines); may be repeated.")
    List<Path> ageKeyFiles = new ArrayList<>();

    @Option(names = "--pgp-key", paramLabel = "FILE", description = "An ASCII-armored PGP key file (secret keys to decrypt, public keys to encrypt); may be repeated. Also DIGITCTL_PGP_KEY_FILE.")
    List<Path> pgpKeyFiles = new ArrayList<>();

    @Option(names = "--ignore-mac", description = "Read a SOPS file whose MAC is missing or does not match (for recovery only; says loudly what it skips).")
    boolean ignoreMac;

    KeySettings settings() {
        return KeySettings.fromEnvironment(ageKeyFiles, pgpKeyFiles);
    }
}
