package io.digitctl.build;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import io.digitctl.files.FileTrees;
import io.digitctl.model.DigitctlException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Bakes images with jib-core, reproducibly (fixed timestamps, sorted entries): a Spring Boot jar as
 * its dependency, loader and application layers; any other jar as one layer run with
 * {@code java -jar}; a migration image as the work-dir's files under {@code /flyway/sql} on the
 * migration base image. {@code scratch} as a base needs nothing from a registry.
 */
public final class JibBaker implements ImageBaker {
    private static final AbsoluteUnixPath APP = AbsoluteUnixPath.get("/app");
    private static final AbsoluteUnixPath FLYWAY_SQL = AbsoluteUnixPath.get("/flyway/sql");

    @Override
    public BakedImage bake(BuildJob job, BuildSpec spec, Path repo, RegistryTarget target, String tag) {
        String reference = target.reference(spec.imageName(), tag);
        Path scratch = null;
        try {
            JibContainerBuilder builder = base(spec.isMigration() ? job.migrationBaseImage() : job.baseImage(), target);
            if (spec.isMigration()) {
                builder.addFileEntriesLayer(folderLayer("migrations", spec.workDirIn(repo), FLYWAY_SQL));
            } else {
                Path jar = jarOf(job, spec, repo);
                scratch = Files.createTempDirectory("digitctl-jib-");
                addJar(builder, jar, scratch);
            }
            builder.setCreationTime(Instant.EPOCH);
            ImageReference toRef = ImageReference.parse(reference);
            RegistryImage to = RegistryImage.named(toRef);
            credentials(to, toRef, target);
            Containerizer containerizer = Containerizer.to(to).setAllowInsecureRegistries(target.insecure()).setToolName("digitctl");
            JibContainer pushed = builder.containerize(containerizer);
            return new BakedImage(spec.imageName(), reference, reference.substring(0, reference.lastIndexOf(':')), tag, pushed.getDigest().toString());
        } catch (InvalidImageReferenceException e) {
            throw new DigitctlException("'" + reference + "' is not a valid image reference: " + e.getMessage());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new DigitctlException("Pushing " + reference + " failed: " + cause.getMessage()
                    + ". Check --registry, the credentials (~/.docker/config.json or DIGITCTL_REGISTRY_USER/_PASSWORD)"
                    + " and, for a local registry over HTTP, --insecure-registry.");
        } catch (IOException | com.google.cloud.tools.jib.api.CacheDirectoryCreationException | com.google.cloud.tools.jib.api.RegistryException e) {
            throw new DigitctlException("Baking " + reference + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DigitctlException("Interrupted while baking " + reference + ".");
        } finally {
            if (scratch != null) {
                try {
                    FileTrees.delete(scratch);
                } catch (IOException ignored) {
                    // a temporary copy of a jar's classes; nothing secret
                }
            }
        }
    }

    private static JibContainerBuilder base(String image, RegistryTarget target) throws InvalidImageReferenceException {
        if (image.equals("scratch")) {
            return Jib.fromScratch();
        }
        ImageReference ref = ImageReference.parse(image);
        RegistryImage base = RegistryImage.named(ref);
        credentials(base, ref, target);
        return Jib.from(base);
    }

    private static void credentials(RegistryImage image, ImageReference reference, RegistryTarget target) {
        if (target.user() != null) {
            image.addCredential(target.user(), target.password() == null ? "" : target.password());
        }
        CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(reference, event -> { });
        image.addCredentialRetriever(factory.dockerConfig());
    }

    /** The job's jar, or the one jar in {@code <work-dir>/target}. */
    public static Path jarOf(BuildJob job, BuildSpec spec, Path repo) {
        Path workDir = spec.workDirIn(repo);
        if (job.jar() != null) {
            Path jar = repo.resolve(job.jar()).normalize();
            if (!Files.isRegularFile(jar)) {
                throw new DigitctlException("Job " + job.name() + ": the jar " + job.jar() + " does not exist. Build it first.");
            }
            return jar;
        }
        Path targetDir = workDir.resolve("target");
        List<Path> jars;
        try (Stream<Path> files = Files.list(targetDir)) {
            jars = files.filter(p -> p.toString().endsWith(".jar") && !p.toString().endsWith("-sources.jar")
                    && !p.toString().endsWith("-javadoc.jar") && !p.toString().endsWith("-tests.jar")).sorted().toList();
        } catch (IOException e) {
            throw new DigitctlException("Job " + job.name() + ": no " + targetDir + " with a built jar. Build the service first (mvn package), or set 'jar' on the job.");
        }
        if (jars.size() != 1) {
            throw new DigitctlException("Job " + job.name() + ": expected one jar in " + targetDir + ", found " + jars.size()
                    + (jars.isEmpty() ? "" : " (" + String.join(", ", jars.stream().map(p -> p.getFileName().toString()).toList()) + ")")
                    + ". Set 'jar' on the job to choose.");
        }
        return jars.get(0);
    }

    private static void addJar(JibContainerBuilder builder, Path jar, Path scratch) throws IOException {
        boolean boot;
        String launcher;
        try (JarFile file = new JarFile(jar.toFile())) {
            boot = file.getEntry("BOOT-INF/") != null || file.getEntry("BOOT-INF/classes/") != null
                    || file.stream().anyMatch(e -> e.getName().startsWith("BOOT-INF/"));
            launcher = file.getEntry("org/springframework/boot/loader/launch/JarLauncher.class") != null
                    ? "org.springframework.boot.loader.launch.JarLauncher" : "org.springframework.boot.loader.JarLauncher";
            if (boot) {
                extract(file, scratch);
            }
        }
        if (!boot) {
            builder.addFileEntriesLayer(FileEntriesLayer.builder().setName("application").addEntry(jar, APP.resolve("app.jar")).build());
            builder.setEntrypoint("java", "-jar", "/app/app.jar");
            return;
        }
        // dependencies change least often, the application most: one layer each, so that pushes reuse the others
        builder.addFileEntriesLayer(folderLayer("dependencies", scratch.resolve("BOOT-INF/lib"), APP.resolve("BOOT-INF/lib")));
        builder.addFileEntriesLayer(folderLayer("spring-boot-loader", scratch.resolve("org"), APP.resolve("org")));
        FileEntriesLayer.Builder application = FileEntriesLayer.builder().setName("application");
        addTree(application, scratch.resolve("BOOT-INF/classes"), APP.resolve("BOOT-INF/classes"));
        addTree(application, scratch.resolve("META-INF"), APP.resolve("META-INF"));
        builder.addFileEntriesLayer(application.build());
        builder.setEntrypoint("java", "-cp", "/app", launcher);
    }

    private static void extract(JarFile jar, Path into) throws IOException {
        for (JarEntry entry : jar.stream().sorted(java.util.Comparator.comparing(JarEntry::getName)).toList()) {
            Path dest = into.resolve(entry.getName()).normalize();
            if (!dest.startsWith(into)) {
                throw new IOException("jar entry " + entry.getName() + " leaves its folder");
            }
            if (entry.isDirectory()) {
                Files.createDirectories(dest);
            } else {
                Files.createDirectories(dest.getParent());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, dest);
                }
            }
        }
    }

    static FileEntriesLayer folderLayer(String name, Path folder, AbsoluteUnixPath into) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        addTree(layer, folder, into);
        return layer.build();
    }

    private static void addTree(FileEntriesLayer.Builder layer, Path folder, AbsoluteUnixPath into) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        for (Path file : files) {
            String rel = folder.relativize(file).toString().replace('\\', '/');
            layer.addEntry(file, into.resolve(rel));
        }
    }
}
