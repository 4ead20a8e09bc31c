package io.digitctl.render;

import io.digitctl.files.FileTrees;
import io.digitctl.model.BuildInfo;
import io.digitctl.model.DigitctlException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service's render is made from, as one digest: the staged chart (by its content digest),
 * every values file in the order Helm reads them, the release name, the Kubernetes version the
 * charts see, and the build of digitctl and the version of the embedded Helm. Two renders with the same
 * digest give the same objects, apart from Helm's render time ({@code .Release.Time}), which charts
 * put in render stamps that a deploy keeps at their live values anyway.
 *
 * <p>A chart or values file whose template actions call a function that answers differently on
 * every call (random text, generated keys and certificates, the current time, DNS) renders new
 * objects each time: it has no such digest, so it is rendered on every deploy; so has a chart with
 * a packaged subchart ({@code charts/*.tgz}), whose templates are not read here. One instance serves
 * one render run, and reads each file once.
 */
final class RenderInputs {
    private static final Pattern ACTION = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`");
    private static final Pattern CHANGING_CALL = Pattern.compile("(?<![\\w.$])(now|ago|uuidv4|randAlphaNum|randAlpha|randNumeric|randAscii"
            + "|randBytes|randInt|shuffle|genCA|genCAWithKey|genPrivateKey|genSelfSignedCert|genSelfSignedCertWithKey|genSignedCert"
            + "|genSignedCertWithKey|htpasswd|bcrypt|encryptAES|getHostByName)(?![\\w.])");

    private final Map<Path, Boolean> chartsRepeatable = new ConcurrentHashMap<>();
    private final Map<Path, String> valuesDigests = new ConcurrentHashMap<>();

    /**
     * The digest of one render, or null when the render is not repeatable: a chart or values file
     * calls a changing function.
     */
    String digest(String release, String kubeVersion, ChartStager.Staged chart, List<Path> valuesFiles) {
        if (!chartsRepeatable.computeIfAbsent(chart.dir(), RenderInputs::repeatableChart)) {
            return null;
        }
        MessageDigest sha = sha256();
        update(sha, BuildInfo.version(), BuildInfo.build(), BuildInfo.helmJavaVersion(), release, kubeVersion, chart.digest());
        for (Path file : valuesFiles) {
            String digest = valuesDigests.computeIfAbsent(file, RenderInputs::valuesDigest);
            if (digest.isEmpty()) {
                return null;
            }
            update(sha, digest);
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    }

    /** The digest of a values file's content, or "" when its text calls a changing function (a chart may pass it to {@code tpl}). */
    private static String valuesDigest(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return ""; // Helm reports the unreadable file itself
        }
        if (callsChangingFunction(new String(bytes, StandardCharsets.UTF_8))) {
            return "";
        }
        MessageDigest sha = sha256();
        sha.update(bytes);
        return HexFormat.of().formatHex(sha.digest());
    }

    private static boolean repeatableChart(Path stagedChart) {
        try (Stream<Path> files = Files.walk(stagedChart)) {
            return files.filter(Files::isRegularFile).noneMatch(f -> f.getFileName().toString().endsWith(".tgz")
                    || callsChangingFunction(new String(read(f), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new DigitctlException("Cannot read chart " + stagedChart + ": " + FileTrees.reason(e));
        } catch (UncheckedIOException e) {
            throw new DigitctlException("Cannot read chart " + stagedChart + ": " + FileTrees.reason(e.getCause()));
        }
    }

    /** Whether a template action of the text calls a changing function; words inside quoted strings do not count. */
    static boolean callsChangingFunction(String text) {
        if (!text.contains("{{")) {
            return false;
        }
        Matcher action = ACTION.matcher(text);
        while (action.find()) {
            if (CHANGING_CALL.matcher(QUOTED.matcher(action.group(1)).replaceAll("\"\"")).find()) {
                return true;
            }
        }
        return false;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void update(MessageDigest sha, String... parts) {
        for (String part : parts) {
            sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
