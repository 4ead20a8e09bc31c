package io.digitctl.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.digitctl.model.DigitctlException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Records that digitctl writes for people and pipelines to read back: indented JSON files. */
public final class JsonFiles {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonFiles() {
    }

    /** Writes {@code value} to {@code file}, making its folder; {@code what} names the file in an error ("the plan file"). */
    public static void write(Path file, Object value, String what) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            JSON.writeValue(file.toFile(), value);
        } catch (IOException e) {
            throw new DigitctlException("Cannot write " + what + " " + file + ": " + e.getMessage());
        }
    }
}
