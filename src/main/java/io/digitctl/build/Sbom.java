package io.digitctl.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.digitctl.model.DigitctlException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

/**
 * A CycloneDX SBOM of the Java libraries in an image: the Maven coordinates that each jar nested in
 * a Spring Boot jar ({@code BOOT-INF/lib}) carries in its {@code pom.properties}.
 */
public final class Sbom {
    private Sbom() {
    }

    public static void write(Path jar, String image, String tag, Path out) {
        Map<String, Map<String, String>> components = new TreeMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : file.stream().toList()) {
                if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
                    try (InputStream in = file.getInputStream(entry); JarInputStream nested = new JarInputStream(in)) {
                        coordinates(nested).ifPresent(c -> components.put(c.get("purl"), c));
                    }
                }
            }
        } catch (IOException e) {
            throw new DigitctlException("Cannot read " + jar + " for the SBOM: " + e.getMessage());
        }
        Map<String, Object> bom = new LinkedHashMap<>();
        bom.put("bomFormat", "CycloneDX");
        bom.put("specVersion", "1.5");
        bom.put("version", 1);
        bom.put("metadata", Map.of("component", Map.of("type", "container", "name", image, "version", tag),
                "tools", List.of(Map.of("name", "digitctl"))));
        List<Object> list = new ArrayList<>();
        components.values().forEach(c -> {
            Map<String, Object> component = new LinkedHashMap<>();
            component.put("type", "library");
            component.put("group", c.get("group"));
            component.put("name", c.get("name"));
            component.put("version", c.get("version"));
            component.put("purl", c.get("purl"));
            list.add(component);
        });
        bom.put("components", list);
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), bom);
        } catch (IOException e) {
            throw new DigitctlException("Cannot write the SBOM " + out + ": " + e.getMessage());
        }
    }

    private static java.util.Optional<Map<String, String>> coordinates(JarInputStream jar) throws IOException {
        JarEntry entry;
        while ((entry = jar.getNextJarEntry()) != null) {
            if (entry.getName().startsWith("META-INF/maven/") && entry.getName().endsWith("/pom.properties")) {
                Properties p = new Properties();
                p.load(jar);
                String g = p.getProperty("groupId");
                String a = p.getProperty("artifactId");
                String v = p.getProperty("version");
                if (g != null && a != null && v != null) {
                    return java.util.Optional.of(Map.of("group", g, "name", a, "version", v, "purl", "pkg:maven/" + g + "/" + a + "@" + v));
                }
            }
        }
        return java.util.Optional.empty();
    }

    public static boolean isMavenProject(Path workDir) {
        return Files.isRegularFile(workDir.resolve("pom.xml"));
    }
}
