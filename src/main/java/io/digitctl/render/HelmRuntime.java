package io.digitctl.render;

import com.marcnuri.helm.jni.HelmLib;
import com.marcnuri.helm.jni.NativeLibrary;
import com.sun.jna.Native;
import io.digitctl.model.BuildInfo;
import io.digitctl.model.DigitctlException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The embedded Helm library. helm-java copies its ~100 MB native library to a new temporary
 * file on every start, which costs about 0.4 s; we extract it once into the cache, keyed by the
 * helm-java version, and load it from there.
 */
public final class HelmRuntime {
    private static HelmLib lib;

    private HelmRuntime() {
    }

    public static synchronized HelmLib lib() {
        if (lib == null) {
            lib = load(CacheDir.resolve());
        }
        return lib;
    }

    private static HelmLib load(Path cacheRoot) {
        NativeLibrary platform;
        try {
            platform = NativeLibrary.serviceProviderLibrary(HelmRuntime.class.getClassLoader());
        } catch (RuntimeException e) {
            platform = null;
        }
        if (platform == null) {
            throw new DigitctlException("This build of digitctl has no embedded Helm for " + System.getProperty("os.name")
                    + "/" + System.getProperty("os.arch") + ". Build it on this platform with Maven so that the matching helm-java native library is bundled.");
        }
        Path target = cacheRoot.resolve("helm-java-" + BuildInfo.helmJavaVersion()).resolve(platform.getBinaryName());
        try {
            if (!Files.isRegularFile(target)) {
                extract(platform, target);
            }
            return Native.load(target.toString(), HelmLib.class);
        } catch (IOException | UnsatisfiedLinkError e) {
            throw new DigitctlException("Cannot load the embedded Helm library from " + target + ": " + e.getMessage()
                    + ". Delete that file (it is rebuilt on the next run) or set DIGITCTL_CACHE_DIR to a writable folder.");
        }
    }

    private static void extract(NativeLibrary platform, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), platform.getBinaryName(), ".partial");
        try (InputStream in = platform.getClass().getResourceAsStream("/" + platform.getBinaryName())) {
            if (in == null) {
                throw new IOException("the native library is missing from the helm-java jar");
            }
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            // another digitctl may have finished first: its copy is as good as ours
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
