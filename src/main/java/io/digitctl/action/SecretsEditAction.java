package io.digitctl.action;

import io.digitctl.files.FileTrees;
import io.digitctl.model.DigitctlException;
import io.digitctl.secrets.DecryptedFile;
import io.digitctl.secrets.Sops;
import io.digitctl.secrets.doc.Branch;
import io.digitctl.secrets.doc.SopsDocument;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code secrets edit}: the plaintext goes to a user-only folder in memory-backed storage where
 * there is some ({@code /dev/shm}), an editor changes it, and the file is encrypted again with the
 * same data key, so unchanged values keep their ciphertext. The plaintext is overwritten and removed
 * whatever happens.
 */
public final class SecretsEditAction {

    /** What happened: the file was changed, or left as it was. */
    public enum Outcome { CHANGED, UNCHANGED }

    private final SecretsActions secrets;
    private final List<String> editor;
    private final Path scratchRoot;
    private final Predicate<String> retryAfterError;

    /**
     * @param editor          the editor command and its arguments; the file path is added last
     * @param scratchRoot     where the plaintext folder is made
     * @param retryAfterError asked, with the problem, whether to open the editor again after invalid input
     */
    public SecretsEditAction(SecretsActions secrets, List<String> editor, Path scratchRoot, Predicate<String> retryAfterError) {
        this.secrets = secrets;
        this.editor = editor;
        this.scratchRoot = scratchRoot;
        this.retryAfterError = retryAfterError;
    }

    /** {@code /dev/shm} when it is there to write in, else the system's temporary folder. */
    public static Path defaultScratchRoot() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    public Outcome edit(Path file, boolean ignoreMac) {
        DecryptedFile opened = secrets.decrypt(file, ignoreMac);
        byte[] original = opened.plaintext();
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory(scratchRoot, "digitctl-edit-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path plain = Files.createFile(scratch.resolve(file.getFileName().toString()),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(plain, original);
            while (true) {
                runEditor(plain);
                byte[] edited = Files.readAllBytes(plain);
                if (Arrays.equals(edited, original)) {
                    return Outcome.UNCHANGED;
                }
                List<Branch> documents;
                try {
                    SopsDocument doc = Sops.read(file, edited);
                    if (doc.isEncrypted()) {
                        throw new DigitctlException("the edited text contains a 'sops' block; remove it");
                    }
                    documents = doc.documents();
                } catch (DigitctlException e) {
                    if (retryAfterError.test(e.getMessage())) {
                        continue;
                    }
                    throw new DigitctlException("The edit of " + file + " is not valid, so the file was left unchanged: " + e.getMessage());
                }
                SecretsActions.replace(file, secrets.reencrypt(opened, documents));
                return Outcome.CHANGED;
            }
        } catch (IOException e) {
            throw new DigitctlException("Cannot edit " + file + ": " + e.getMessage());
        } finally {
            shred(scratch);
        }
    }

    private void runEditor(Path plain) throws IOException {
        List<String> command = new ArrayList<>(editor);
        command.add(plain.toString());
        try {
            int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new DigitctlException("The editor (" + String.join(" ", editor) + ") exited with " + exit + "; nothing was changed.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DigitctlException("Interrupted while the editor was open; nothing was changed.");
        } catch (IOException e) {
            throw new DigitctlException("Cannot start the editor '" + String.join(" ", editor) + "': " + e.getMessage()
                    + ". Set EDITOR to the editor you want.");
        }
    }

    /** Overwrites every file of the folder with zeros before removing it, editor backups included. */
    private static void shred(Path scratch) {
        if (scratch == null) {
            return;
        }
        try (var files = Files.walk(scratch)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.write(p, new byte[(int) Math.min(Files.size(p), Integer.MAX_VALUE)]);
            }
        } catch (IOException ignored) {
            // removal below still runs
        }
        try {
            FileTrees.delete(scratch);
        } catch (IOException e) {
            System.err.println("warning: could not remove the plaintext folder " + scratch + ": " + e.getMessage() + "; remove it by hand.");
        }
    }
}
