package io.digitctl.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.digitctl.files.JsonFiles;
import io.digitctl.model.DigitctlException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What one build did, as JSON (--record): the job, the version, commit, branch and build number,
 * the tag, every image with its digest, the gates, the times, and the SBOM. The hand-off to
 * deployment reads it back.
 *
 * @param result    {@code pushed}, {@code gate-failed} or {@code failed}
 * @param failedGate the gate that stopped the build, or null
 */
public record BuildRecord(String job, String version, String commit, String branch, String buildNumber, String tag,
                          List<BakedImage> images, List<GateRunner.GateResult> gates, String result, String failedGate,
                          String message, long gatesMillis, long bakeMillis, long totalMillis, String sbom) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path file) {
        JsonFiles.write(file, this, "the build record");
    }

    public static BuildRecord read(Path file) {
        if (Files.isDirectory(file)) {
            throw new DigitctlException("The build record " + file + " is a folder, not a file. Give the file that 'digitctl build --record' wrote.");
        }
        BuildRecord record;
        try {
            record = Files.isRegularFile(file) && Files.size(file) == 0 ? null : JSON.readValue(file.toFile(), BuildRecord.class);
        } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
            throw new DigitctlException("The build record " + file + " does not exist. Give the file that 'digitctl build --record' wrote.");
        } catch (IOException e) {
            throw new DigitctlException("Cannot read the build record " + file + ": " + io.digitctl.files.FileTrees.reason(e)
                    + ". Give the file that 'digitctl build --record' wrote.");
        }
        if (record == null || record.job() == null || record.result() == null) {
            throw new DigitctlException("The build record " + file + " is empty or incomplete (it names no job or no result)."
                    + " Give the file that 'digitctl build --record' wrote.");
        }
        if (record.images() == null || record.gates() == null) {
            record = new BuildRecord(record.job(), record.version(), record.commit(), record.branch(), record.buildNumber(), record.tag(),
                    record.images() == null ? List.of() : record.images(), record.gates() == null ? List.of() : record.gates(), record.result(),
                    record.failedGate(), record.message(), record.gatesMillis(), record.bakeMillis(), record.totalMillis(), record.sbom());
        }
        return record;
    }

    /** The application image of the build (not the migration image). */
    public BakedImage application() {
        return images.stream().filter(i -> !i.name().endsWith("-db")).findFirst()
                .orElseThrow(() -> new DigitctlException("The build record of " + job + " has no application image (result: " + result + ")."));
    }
}
