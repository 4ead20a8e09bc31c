package io.digitctl.action;

import io.digitctl.files.FileTrees;
import io.digitctl.model.DigitctlException;
import io.digitctl.secrets.DecryptedFile;
import io.digitctl.secrets.Sops;
import io.digitctl.secrets.doc.Branch;
import io.digitctl.secrets.doc.SopsDocument;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@code secrets edit}: the plaintext goes to a user-only folder in memory-backed storage where
 * there is some ({@code /dev/shm}), an editor changes it, and the file is encrypted again with the
 * same data key, so unchanged values keep their ciphertext.
 * <ul>
 * <li>An empty result, or one equal to the original, changes nothing.</li>
 * <li>A result that does not parse is not lost: the editor opens again with the error at the top,
 * as sops and kubectl edit do; saving it unchanged (or empty) gives up and keeps the original.</li>
 * <li>The plaintext is overwritten and removed whatever happens: also on SIGINT, SIGTERM and SIGHUP,
 * which end the editor too; a folder left by a killed process is wiped on the next run.</li>
 * </ul>
 */
public final class SecretsEditAction {

    /** What happened: the file was changed, left as it was, or left as it was because the edit was empty. */
    public enum Outcome { CHANGED, UNCHANGED, EMPTY }

    /** The prefix of the scratch folders: {@code digitctl-edit-<pid>-<random>}. */
    static final String SCRATCH_PREFIX = "digitctl-edit-";
    /** The first characters of each line of the error shown above a text that did not parse. */
    static final String ERROR_LINE = "# digitctl: ";

    private final SecretsActions secrets;
    private final List<String> editor;
    private final Path scratchRoot;
    private final Predicate<String> retryAfterError;
    private Predicate<String> confirmUnverified = problem -> false;
    private Consumer<String> warn = w -> System.err.println("warning: " + w);

    /**
     * @param editor          the editor command and its arguments; the file path is added last
     * @param scratchRoot     where the plaintext folder is made
     * @param retryAfterError told the problem of a text that did not parse; true opens the editor again with the
     *                        problem shown at the top, false gives up at once and keeps the original
     */
    public SecretsEditAction(SecretsActions secrets, List<String> editor, Path scratchRoot, Predicate<String> retryAfterError) {
        this.secrets = secrets;
        this.editor = editor;
        this.scratchRoot = scratchRoot;
        this.retryAfterError = retryAfterError;
    }

    /** Asked, with the reason, before a file whose MAC does not verify is opened with --ignore-mac (and so re-signed). */
    public SecretsEditAction confirmUnverified(Predicate<String> confirm) {
        this.confirmUnverified = confirm;
        return this;
    }

    /** Where warnings go (the file's warnings, plaintext left by an earlier run). */
    public SecretsEditAction warnings(Consumer<String> sink) {
        this.warn = sink;
        return this;
    }

    /** {@code DIGITCTL_EDIT_DIR}, else {@code /dev/shm} when it is there to write in, else the system's temporary folder. */
    public static Path defaultScratchRoot() {
        String explicit = System.getenv("DIGITCTL_EDIT_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    public Outcome edit(Path file, boolean ignoreMac) {
        wipeLeftovers(scratchRoot, warn);
        DecryptedFile opened = open(file, ignoreMac);
        byte[] original = opened.plaintext();
        Scratch scratch = new Scratch();
        Thread onSignal = new Thread(scratch::abandon, "digitctl-edit-cleanup");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            scratch.folder = Files.createTempDirectory(scratchRoot, SCRATCH_PREFIX + ProcessHandle.current().pid() + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path plain = Files.createFile(scratch.folder.resolve(file.getFileName().toString()),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(plain, original);
            byte[] shown = original;
            while (true) {
                runEditor(plain, scratch);
                byte[] edited = Files.readAllBytes(plain);
                if (new String(edited, StandardCharsets.UTF_8).isBlank()) {
                    return Outcome.EMPTY;
                }
                if (shown != original && Arrays.equals(edited, shown)) {
                    // saved as it was shown, error and all: the user gives up on this edit
                    return Outcome.UNCHANGED;
                }
                byte[] text = withoutError(edited);
                if (Arrays.equals(text, original)) {
                    return Outcome.UNCHANGED;
                }
                List<Branch> documents;
                try {
                    SopsDocument doc = Sops.read(file, text);
                    if (doc.isEncrypted()) {
                        throw new DigitctlException("the edited text contains a 'sops' block; remove it");
                    }
                    documents = doc.documents();
                } catch (DigitctlException e) {
                    if (!retryAfterError.test(e.getMessage())) {
                        throw new DigitctlException("The edit of " + file + " is not valid, so the file was left unchanged: " + e.getMessage());
                    }
                    shown = withError(e.getMessage(), text);
                    Files.write(plain, shown);
                    continue;
                }
                SecretsActions.replace(file, secrets.reencrypt(opened, documents));
                return Outcome.CHANGED;
            }
        } catch (IOException e) {
            throw new DigitctlException("Cannot edit " + file + ": " + FileTrees.reason(e));
        } finally {
            scratch.shred();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    /**
     * The decrypted file. With --ignore-mac, a file whose MAC does not verify is opened only once
     * the user confirms, because saving it signs content nobody verified.
     */
    private DecryptedFile open(Path file, boolean ignoreMac) {
        if (ignoreMac) {
            try {
                DecryptedFile verified = secrets.decrypt(file, false);
                verified.warnings().forEach(warn);
                return verified;
            } catch (DigitctlException macOrKey) {
                DecryptedFile unverified = secrets.decrypt(file, true);
                String problem = "the MAC of " + file + " does not verify (" + macOrKey.getMessage() + "). Saving the edit re-signs content that "
                        + "nobody verified: if the file was tampered with, the tampering becomes valid.";
                if (!confirmUnverified.test(problem)) {
                    throw new DigitctlException("Not editing " + file + ": " + problem
                            + " Confirm on a terminal, or add --yes to accept it; the file was left unchanged.");
                }
                unverified.warnings().forEach(warn);
                return unverified;
            }
        }
        DecryptedFile opened = secrets.decrypt(file, false);
        opened.warnings().forEach(warn);
        return opened;
    }

    /** The text with the error shown at its top, as comments. */
    static byte[] withError(String problem, byte[] text) {
        StringBuilder head = new StringBuilder();
        head.append(ERROR_LINE).append("This text was not saved: it does not parse. Fix it and save, or save it unchanged (or empty) to keep the original.\n");
        for (String line : problem.split("\\r?\\n")) {
            head.append(ERROR_LINE).append(line).append('\n');
        }
        byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(h, h.length + text.length);
        System.arraycopy(text, 0, out, h.length, text.length);
        return out;
    }

    /** The text without the error lines {@link #withError} put at its top. */
    static byte[] withoutError(byte[] edited) {
        int at = 0;
        String prefix = ERROR_LINE;
        while (startsWith(edited, at, prefix)) {
            int nl = at;
            while (nl < edited.length && edited[nl] != '\n') {
                nl++;
            }
            at = Math.min(nl + 1, edited.length);
        }
        return at == 0 ? edited : Arrays.copyOfRange(edited, at, edited.length);
    }

    private static boolean startsWith(byte[] bytes, int at, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        if (bytes.length - at < p.length) {
            return false;
        }
        return Arrays.equals(bytes, at, at + p.length, p, 0, p.length);
    }

    private void runEditor(Path plain, Scratch scratch) throws IOException {
        List<String> command = new ArrayList<>(editor);
        command.add(plain.toString());
        Process process;
        try {
            process = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            throw new DigitctlException("Cannot start the editor '" + String.join(" ", editor) + "': " + FileTrees.reason(e)
                    + ". Set EDITOR to the editor you want.");
        }
        scratch.editor = process;
        try {
            int exit = process.waitFor();
            if (scratch.abandoned) {
                throw new DigitctlException("Interrupted while the editor was open; nothing was changed.");
            }
            if (exit != 0) {
                throw new DigitctlException("The editor (" + String.join(" ", editor) + ") exited with " + exit + "; nothing was changed.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DigitctlException("Interrupted while the editor was open; nothing was changed.");
        } finally {
            scratch.editor = null;
        }
    }

    /**
     * Wipes {@code digitctl-edit-<pid>-*} folders that an edit killed outright (SIGKILL, power loss)
     * left behind: the folder is older than this process, it is this user's, and its process is gone.
     */
    static void wipeLeftovers(Path root, Consumer<String> warn) {
        Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        List<Path> candidates;
        try (var list = Files.list(root)) {
            candidates = list.filter(p -> p.getFileName().toString().startsWith(SCRATCH_PREFIX)).toList();
        } catch (IOException e) {
            return;
        }
        String me = System.getProperty("user.name");
        for (Path dir : candidates) {
            try {
                String[] parts = dir.getFileName().toString().substring(SCRATCH_PREFIX.length()).split("-", 2);
                if (parts.length < 2 || !parts[0].matches("\\d{1,10}")) {
                    continue;
                }
                long pid = Long.parseLong(parts[0]);
                Instant made = Files.getLastModifiedTime(dir).toInstant();
                if (pid == ProcessHandle.current().pid() || !made.isBefore(started) || !Files.getOwner(dir).getName().equals(me)) {
                    continue;
                }
                boolean ownerAlive = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                        .map(h -> h.info().startInstant().map(s -> !s.isAfter(made)).orElse(true)).orElse(false);
                if (ownerAlive) {
                    continue;
                }
                shred(dir);
                warn.accept("removed " + dir + ", plaintext left by an edit (process " + pid + ") that was killed before it could clean up.");
            } catch (IOException | RuntimeException e) {
                warn.accept("could not check or remove " + dir + " (plaintext left by an earlier edit?): " + e.getMessage() + "; remove it by hand.");
            }
        }
    }

    /** The scratch folder and the editor working in it; on a signal, the editor is ended and the folder wiped. */
    private static final class Scratch {
        volatile Path folder;
        volatile Process editor;
        volatile boolean abandoned;
        private boolean shredded;

        /** The shutdown hook: SIGINT, SIGTERM, SIGHUP. */
        void abandon() {
            abandoned = true;
            Process p = editor;
            if (p != null) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                try {
                    if (!p.waitFor(2, TimeUnit.SECONDS)) {
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            shred();
        }

        synchronized void shred() {
            if (!shredded && folder != null) {
                shredded = true;
                SecretsEditAction.shred(folder);
            }
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
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // removal below still runs
        }
        try {
            FileTrees.delete(scratch);
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("warning: could not remove the plaintext folder " + scratch + ": " + e.getMessage() + "; remove it by hand.");
        }
    }
}
