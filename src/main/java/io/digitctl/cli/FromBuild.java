package io.digitctl.cli;

import io.digitctl.build.BakedImage;
import io.digitctl.build.BuildRecord;
import io.digitctl.build.RegistryDigests;
import io.digitctl.model.DigitctlException;
import io.digitctl.model.ImageRef;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The images of a build record, checked against the registry where it answers. */
final class FromBuild {
    private FromBuild() {
    }

    static List<ImageRef> images(Path recordFile, PrintWriter err) {
        BuildRecord record = BuildRecord.read(recordFile);
        if (!"pushed".equals(record.result())) {
            throw new DigitctlException("The build recorded in " + recordFile + " did not push its images (" + record.result() + ": "
                    + record.message() + "); there is nothing to deploy.");
        }
        List<ImageRef> refs = new ArrayList<>();
        for (BakedImage image : record.images()) {
            Optional<String> live = RegistryDigests.digest(image.repository(), image.tag());
            if (live.isEmpty()) {
                err.println("warning: could not ask the registry for the digest of " + image.reference() + "; deploying it by tag unchecked.");
            } else if (!live.get().equals(image.digest())) {
                throw new DigitctlException(image.reference() + " now has digest " + live.get() + ", not the " + image.digest()
                        + " that " + record.job() + " built (" + recordFile + "). The tag was pushed again since; build again or deploy by digest.");
            }
            refs.add(ImageRef.parse(image.reference()));
        }
        return refs;
    }
}
