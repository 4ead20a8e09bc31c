package io.digitctl.build;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static io.digitctl.TestTrees.write;

/** A small DIGIT-shaped service in a git repository: a Maven project with a Spring Boot layout jar and Flyway migrations. */
final class ServiceFixture {
    private ServiceFixture() {
    }

    static final String JOB = "builds/core-services/egov-hello";

    static TestRepo create(Path root, String gates) throws Exception {
        return create(root, gates, "egov-hello");
    }

    /** The service under another name: work-dir core-services/NAME, images NAME and NAME-db, job builds/core-services/NAME. */
    static TestRepo create(Path root, String gates, String name) throws Exception {
        TestRepo repo = createAs(root, gates);
        if (!name.equals("egov-hello")) {
            String config = java.nio.file.Files.readString(root.resolve("build/build-config.yml")).replace("egov-hello", name);
            write(root, "build/build-config.yml", config);
            java.nio.file.Files.move(root.resolve("core-services/egov-hello"), root.resolve("core-services/" + name));
            repo.git.add().addFilepattern(".").call();
            repo.git.rm().addFilepattern("core-services/egov-hello").call();
            repo.commit("core-services/" + name + "/README.md", name + "\n", "feat: " + name);
        }
        return repo;
    }

    private static TestRepo createAs(Path root, String gates) throws Exception {
        TestRepo repo = new TestRepo(root);
        write(root, "core-services/egov-hello/pom.xml", """
                <project>
                  <groupId>org.egov</groupId>
                  <artifactId>egov-hello</artifactId>
                  <version>1.4.0-SNAPSHOT</version>
                </project>
                """);
        write(root, "core-services/egov-hello/src/main/resources/db/V1__hello.sql", "create table hello(id int);\n");
        write(root, "build/build-config.yml", """
                config:
                  - name: %s
                    builder: jib
                    base-image: scratch
                    migration-base-image: scratch
                %s
                    build:
                      - work-dir: core-services/egov-hello
                        image-name: egov-hello
                      - work-dir: core-services/egov-hello/src/main/resources/db
                        image-name: egov-hello-db
                """.formatted(JOB, gates));
        repo.git.add().addFilepattern(".").call();
        repo.commit("core-services/egov-hello/README.md", "hello\n", "feat: hello service");
        bootJar(root.resolve("core-services/egov-hello/target/egov-hello-1.4.0-SNAPSHOT.jar"));
        return repo;
    }

    /** A jar in Spring Boot's layout, with one library that names its Maven coordinates. */
    static void bootJar(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Main-Class", "org.springframework.boot.loader.launch.JarLauncher");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            entry(out, "org/springframework/boot/loader/launch/JarLauncher.class", new byte[] {(byte) 0xCA, (byte) 0xFE});
            entry(out, "BOOT-INF/classes/org/egov/Hello.class", new byte[] {(byte) 0xCA, (byte) 0xFE, 1});
            entry(out, "BOOT-INF/classes/application.properties", "server.port=8080\n".getBytes());
            entry(out, "BOOT-INF/lib/postgresql-42.7.4.jar", library("org.postgresql", "postgresql", "42.7.4"));
        }
    }

    private static byte[] library(String group, String artifact, String version) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (JarOutputStream lib = new JarOutputStream(bytes)) {
            entry(lib, "META-INF/maven/" + group + "/" + artifact + "/pom.properties",
                    ("groupId=" + group + "\nartifactId=" + artifact + "\nversion=" + version + "\n").getBytes());
        }
        return bytes.toByteArray();
    }

    private static void entry(JarOutputStream out, String name, byte[] content) throws IOException {
        JarEntry e = new JarEntry(name);
        e.setTime(0);
        out.putNextEntry(e);
        ((OutputStream) out).write(content);
        out.closeEntry();
    }
}
