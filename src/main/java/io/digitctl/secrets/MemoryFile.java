package io.digitctl.secrets;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.digitctl.model.DigitctlException;

import java.nio.file.Path;

/**
 * Bytes that another part of this process (the embedded Helm) can read by path, without ever being
 * written to a file system: a Linux memfd, opened as {@code /proc/self/fd/N}. Closing it frees the
 * memory. This is how decrypted secrets reach Helm, which only takes values files by path.
 */
public final class MemoryFile implements AutoCloseable {
    private static final int MFD_CLOEXEC = 1;

    interface LibC extends Library {
        int memfd_create(String name, int flags);

        long write(int fd, byte[] buffer, long count);

        int close(int fd);
    }

    private static volatile LibC libc;

    private final int fd;

    private MemoryFile(int fd) {
        this.fd = fd;
    }

    public static MemoryFile of(String name, byte[] content) {
        LibC c = libc();
        int fd = c.memfd_create(name, MFD_CLOEXEC);
        if (fd < 0) {
            throw new DigitctlException("Cannot hold decrypted values in memory (memfd_create failed); "
                    + "digitctl never writes them to disk, so it needs Linux 3.17 or later.");
        }
        long written = 0;
        while (written < content.length) {
            byte[] rest = written == 0 ? content : java.util.Arrays.copyOfRange(content, (int) written, content.length);
            long n = c.write(fd, rest, rest.length);
            if (n <= 0) {
                c.close(fd);
                throw new DigitctlException("Cannot hold decrypted values in memory (write to memfd failed).");
            }
            written += n;
        }
        return new MemoryFile(fd);
    }

    private static LibC libc() {
        if (libc == null) {
            try {
                libc = Native.load("c", LibC.class);
            } catch (UnsatisfiedLinkError e) {
                throw new DigitctlException("Cannot hold decrypted values in memory on this system (" + System.getProperty("os.name")
                        + "): digitctl needs Linux memfd support to pass secrets to Helm without writing them to disk.");
            }
        }
        return libc;
    }

    /** A path that reads the bytes from the start, for this process only. */
    public Path path() {
        return Path.of("/proc/self/fd/" + fd);
    }

    @Override
    public void close() {
        libc().close(fd);
    }
}
