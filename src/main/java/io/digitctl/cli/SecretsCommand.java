package io.digitctl.cli;

import io.digitctl.action.SecretsActions;
import io.digitctl.action.SecretsEditAction;
import io.digitctl.secrets.DecryptedFile;
import io.digitctl.secrets.ExtractPath;
import io.digitctl.secrets.doc.Branch;
import io.digitctl.secrets.doc.Sequence;
import io.digitctl.secrets.doc.ValueCodec;
import io.digitctl.secrets.kms.KeySpecs;
import io.digitctl.secrets.kms.KmsException;
import io.digitctl.secrets.store.JsonStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

@Command(name = "secrets",
        mixinStandardHelpOptions = true,
        description = {"SOPS-encrypted files, in-process (no sops binary): YAML, JSON, INI, dotenv and binary; age and PGP keys, "
                + "AWS KMS, GCP KMS, Azure Key Vault and HashiCorp Vault transit.",
                "Keys: --age-key-file, SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, ~/.config/sops/age/keys.txt; --pgp-key or DIGITCTL_PGP_KEY_FILE "
                + "(passphrase from DIGITCTL_PGP_PASSPHRASE or a prompt). Cloud keys: each service's standard credential chain "
                + "(the AWS default chain, Google Application Default Credentials, DefaultAzureCredential, VAULT_TOKEN or ~/.vault-token)."},
        subcommands = {SecretsCommand.Decrypt.class, SecretsCommand.Encrypt.class, SecretsCommand.Edit.class, SecretsCommand.Rotate.class},
        footer = {"", "Examples:",
                "  digitctl secrets decrypt environments/dev-secrets.yaml --extract '[\"cluster-configs\"][\"secrets\"][\"db\"][\"password\"]'",
                "  digitctl secrets encrypt environments/dev-secrets.yaml --age age1... --in-place",
                "  digitctl secrets edit environments/dev-secrets.yaml",
                "  digitctl secrets rotate environments/dev-secrets.yaml --in-place"})
final class SecretsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a sub-command: decrypt, encrypt, edit or rotate.");
    }

    /** Replaces the file, or prints the content when not asked to write in place. */
    private static void emit(CommandLine cli, Path file, byte[] content, boolean inPlace, String done) {
        if (inPlace) {
            SecretsActions.replace(file, content);
            cli.getErr().println(done);
        } else {
            writeBytes(cli, content);
        }
    }

    private static void writeBytes(CommandLine cli, byte[] content) {
        PrintWriter out = cli.getOut();
        out.print(new String(content, StandardCharsets.UTF_8));
        CliStreams.requireWritten(out, "the result");
    }

    @Command(name = "decrypt", mixinStandardHelpOptions = true,
            description = "Prints the plaintext of a SOPS file (the one command that does), or one value of it with --extract.",
            footer = {"", "Examples:", "  digitctl secrets decrypt dev-secrets.yaml",
                    "  digitctl secrets decrypt dev-secrets.yaml --extract '[\"cluster-configs\"][\"secrets\"][\"db\"][\"password\"]'"})
    static final class Decrypt implements Runnable {
        @Parameters(paramLabel = "FILE", description = "The encrypted file; its format comes from its extension.")
        Path file;

        @Option(names = "--extract", paramLabel = "PATH", description = "Print only the value at PATH, e.g. '[\"a\"][\"b\"]' or '[\"list\"][0]'.")
        String extract;

        @CommandLine.Mixin
        KeyOptions keys;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            DecryptedFile opened = new SecretsActions(keys.settings()).decrypt(file, keys.ignoreMac);
            opened.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
            opened.notes().forEach(n -> spec.commandLine().getErr().println("note: " + n));
            if (extract == null) {
                rawOut(opened.plaintext());
                return;
            }
            Object value = ExtractPath.parse(extract).find(opened.documents().get(0));
            if (value instanceof Branch branch) {
                rawOut(opened.format().store().write(List.of(branch), null));
            } else if (value instanceof Sequence) {
                StringBuilder json = new StringBuilder();
                JsonStore.write(value, 0, json);
                writeBytes(spec.commandLine(), (json + "\n").getBytes(StandardCharsets.UTF_8));
            } else {
                rawOut(value == null ? "null".getBytes(StandardCharsets.UTF_8) : ValueCodec.encode(value));
            }
        }

        /** Bytes as they are: a binary file's plaintext need not be text. */
        private void rawOut(byte[] bytes) {
            PrintWriter out = spec.commandLine().getOut();
            out.flush();
            if (out == CliStreams.SYSTEM_OUT) {
                try {
                    OutputStream stdout = System.out;
                    stdout.write(bytes);
                    stdout.flush();
                    CliStreams.requireWritten(out, "the plaintext");
                } catch (IOException e) {
                    throw new io.digitctl.model.DigitctlException("Cannot write to stdout: " + e.getMessage());
                }
            } else {
                writeBytes(spec.commandLine(), bytes);
            }
        }
    }

    @Command(name = "encrypt", mixinStandardHelpOptions = true,
            description = {"Encrypts a plaintext file for age, PGP and cloud KMS recipients (AWS KMS, GCP KMS, Azure Key Vault, "
                    + "Vault transit): those given, else those and the key groups of the first matching creation rule of the nearest "
                    + ".sops.yaml (whose encrypted_regex / unencrypted_suffix rules apply either way).",
                    "The result is a file sops can read. Prints it, or replaces the file with --in-place."},
            footer = {"", "Examples:", "  digitctl secrets encrypt dev-secrets.yaml --age age1abc... --in-place",
                    "  digitctl secrets encrypt dev-secrets.yaml --pgp FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4 --pgp-key pub.asc",
                    "  digitctl secrets encrypt dev-secrets.yaml --kms arn:aws:kms:ap-south-1:111122223333:key/1234abcd-... --encryption-context env:dev",
                    "  digitctl secrets encrypt dev-secrets.yaml --gcp-kms projects/P/locations/global/keyRings/R/cryptoKeys/K",
                    "  digitctl secrets encrypt dev-secrets.yaml --azure-kv https://myvault.vault.azure.net/keys/sops/0123abcd",
                    "  digitctl secrets encrypt dev-secrets.yaml --hc-vault-transit https://vault.example.com:8200/v1/transit/keys/sops"})
    static final class Encrypt implements Runnable {
        @Parameters(paramLabel = "FILE", description = "The plaintext file.")
        Path file;

        @Option(names = "--age", split = ",", paramLabel = "RECIPIENT", description = "age recipients (age1...).")
        List<String> age = new ArrayList<>();

        @Option(names = "--pgp", split = ",", paramLabel = "FINGERPRINT", description = "PGP fingerprints; their public keys come from --pgp-key files.")
        List<String> pgp = new ArrayList<>();

        @Option(names = "--kms", split = ",", paramLabel = "ARN", description = "AWS KMS key ARNs; ARN+ROLE_ARN assumes that role first.")
        List<String> kms = new ArrayList<>();

        @Option(names = "--encryption-context", paramLabel = "KEY:VALUE,...", description = "AWS KMS encryption context for the --kms keys.")
        String encryptionContext;

        @Option(names = "--aws-profile", paramLabel = "PROFILE", description = "AWS profile for the --kms keys (written to the file, as sops does).")
        String awsProfile;

        @Option(names = "--gcp-kms", split = ",", paramLabel = "RESOURCE", description = "GCP KMS keys: projects/P/locations/L/keyRings/R/cryptoKeys/K.")
        List<String> gcpKms = new ArrayList<>();

        @Option(names = "--azure-kv", split = ",", paramLabel = "URL", description = "Azure Key Vault keys: https://VAULT.vault.azure.net/keys/NAME[/VERSION].")
        List<String> azureKv = new ArrayList<>();

        @Option(names = "--hc-vault-transit", split = ",", paramLabel = "URI", description = "Vault transit keys: https://VAULT:8200/v1/ENGINE/keys/NAME.")
        List<String> vaultTransit = new ArrayList<>();

        @Option(names = {"-i", "--in-place"}, description = "Replace FILE with the encrypted file instead of printing it.")
        boolean inPlace;

        @CommandLine.Mixin
        KeyOptions keys;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            List<io.digitctl.secrets.Recipient.Cloud> cloud = new ArrayList<>();
            try {
                var context = encryptionContext == null ? java.util.Map.<String, String>of() : KeySpecs.context(encryptionContext);
                cloud.addAll(KeySpecs.aws(String.join(",", kms), context, awsProfile));
                cloud.addAll(KeySpecs.gcp(String.join(",", gcpKms)));
                cloud.addAll(KeySpecs.azure(String.join(",", azureKv)));
                cloud.addAll(KeySpecs.vault(String.join(",", vaultTransit)));
            } catch (KmsException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage() + ".");
            }
            emit(spec.commandLine(), file, new SecretsActions(keys.settings()).encrypt(file, age, pgp, cloud), inPlace, "Encrypted " + file + ".");
        }
    }

    @Command(name = "edit", mixinStandardHelpOptions = true,
            description = {"Opens the plaintext in $EDITOR (else $VISUAL, else vi), in a user-only folder in memory-backed storage",
                    "where there is some, then encrypts it again with the same data key and recipients. An empty result changes",
                    "nothing; a result that does not parse opens again with the error at the top (save it unchanged to give up).",
                    "The plaintext is overwritten and removed whatever happens, also on Ctrl-C, SIGTERM and SIGHUP, which end",
                    "the editor too. With --ignore-mac, a file whose MAC does not verify is re-signed only once you confirm (or --yes)."},
            footer = {"", "Example:", "  EDITOR=nano digitctl secrets edit environments/dev-secrets.yaml"})
    static final class Edit implements Runnable {
        @Parameters(paramLabel = "FILE", description = "The encrypted file.")
        Path file;

        @CommandLine.Mixin
        KeyOptions keys;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        private static final int UNATTENDED_REOPENINGS = 3;
        private int reopened;

        @Option(names = {"-y", "--yes"}, description = "With --ignore-mac: accept re-signing a file whose MAC does not verify without asking.")
        boolean yes;

        @Override
        public void run() {
            PrintWriter err = spec.commandLine().getErr();
            SecretsEditAction action = new SecretsEditAction(new SecretsActions(keys.settings()), editor(),
                    SecretsEditAction.defaultScratchRoot(), problem -> {
                        // the editor opens again with the problem at the top; saving it unchanged gives up. Without a
                        // terminal the editor is a program, which might never give up: a few rounds only.
                        if (System.console() == null && ++reopened > UNATTENDED_REOPENINGS) {
                            return false;
                        }
                        err.println("error: the edit does not parse: " + problem + " (the editor opens again; save it unchanged or empty to keep the original)");
                        err.flush();
                        return true;
                    })
                    .warnings(w -> {
                        err.println("warning: " + w);
                        err.flush();
                    })
                    .confirmUnverified(problem -> confirm(err, problem));
            SecretsEditAction.Outcome outcome = action.edit(file, keys.ignoreMac);
            err.println(switch (outcome) {
                case CHANGED -> "Saved " + file + ".";
                case EMPTY -> "The edit was empty, so nothing changed: " + file + " was kept as it was.";
                case UNCHANGED -> "No change; " + file + " was left as it was.";
            });
            err.flush();
        }

        /** A y/N question on a terminal; without one, only --yes accepts. */
        private boolean confirm(PrintWriter err, String problem) {
            if (yes) {
                err.println("warning: " + problem + " Going on (--yes).");
                err.flush();
                return true;
            }
            if (System.console() == null) {
                return false;
            }
            err.println("warning: " + problem);
            err.flush();
            return CliStreams.agrees("Edit and re-sign it anyway?");
        }

        private static List<String> editor() {
            String command = System.getenv("EDITOR");
            if (command == null || command.isBlank()) {
                command = System.getenv("VISUAL");
            }
            if (command == null || command.isBlank()) {
                command = "vi";
            }
            return Arrays.asList(command.strip().split("\\s+"));
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Encrypts a file again under a new data key, for the same recipients and key groups: age, PGP (public keys "
                    + "from --pgp-key) and cloud KMS keys (through their services).",
            footer = {"", "Example:", "  digitctl secrets rotate environments/dev-secrets.yaml --in-place"})
    static final class Rotate implements Runnable {
        @Parameters(paramLabel = "FILE", description = "The encrypted file.")
        Path file;

        @Option(names = {"-i", "--in-place"}, description = "Replace FILE instead of printing the result.")
        boolean inPlace;

        @CommandLine.Mixin
        KeyOptions keys;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            emit(spec.commandLine(), file, new SecretsActions(keys.settings()).rotate(file, keys.ignoreMac), inPlace,
                    "Rotated the data key of " + file + ".");
        }
    }
}
