package io.digitctl.build;

import io.digitctl.model.DigitctlException;
import io.digitctl.model.ImageRef;
import io.digitctl.model.ReleaseChart;
import io.digitctl.model.ReleaseModule;
import io.digitctl.tree.ReleaseChartFile;
import io.digitctl.tree.ReleaseCharts;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Pins a built image in a product release chart: only the lines of that service's images change
 * (the application image and its -db migration image), each keeping its repository as written;
 * formatting and comments stay as they are.
 */
public final class ReleasePin {

    /** One changed line: 1-based number, before and after. */
    public record Change(int line, String before, String after) {
    }

    private ReleasePin() {
    }

    public static List<Change> pin(ReleaseChartFile file, BuildRecord record) {
        ReleaseChart release = ReleaseCharts.parse(file);
        String service = ImageRef.parse(record.application().reference()).serviceName();
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(file.file()));
        } catch (IOException e) {
            throw new DigitctlException("Cannot read " + file.file() + ": " + io.digitctl.files.FileTrees.reason(e));
        }
        List<Change> changes = new ArrayList<>();
        for (ReleaseModule module : release.modules()) {
            for (ReleaseModule.PinnedImage pinned : module.images()) {
                ImageRef image = pinned.image();
                if (!image.serviceName().equals(service)) {
                    continue;
                }
                String line = lines.get(pinned.line() - 1);
                int at = line.indexOf(image.text());
                if (at < 0) {
                    throw new DigitctlException(file.file() + ":" + pinned.line() + ": cannot find '" + image.text() + "' on the line to change it.");
                }
                String pinnedText = (image.registry() == null ? "" : image.registry() + "/") + image.repository() + ":" + record.tag();
                String updated = line.substring(0, at) + pinnedText + line.substring(at + image.text().length());
                if (!updated.equals(line)) {
                    lines.set(pinned.line() - 1, updated);
                    changes.add(new Change(pinned.line(), line, updated));
                }
            }
        }
        if (changes.isEmpty() && release.modules().stream().flatMap(m -> m.images().stream()).noneMatch(p -> p.image().serviceName().equals(service))) {
            throw new DigitctlException("Release " + release.product() + " " + release.version() + " (" + file.file() + ") has no image of service "
                    + service + ". Add it to a module first.");
        }
        try {
            String original = Files.readString(file.file());
            Files.writeString(file.file(), String.join("\n", lines) + (original.endsWith("\n") ? "\n" : ""));
        } catch (IOException e) {
            throw new DigitctlException("Cannot write " + file.file() + ": " + e.getMessage());
        }
        return changes;
    }
}
