package io.digitctl.plan;

import io.digitctl.model.ImageRef;
import io.digitctl.model.TagSource;
import io.digitctl.tree.ChartEntry;

/**
 * One service to deploy: its chart, and the tags of its application and migration images.
 *
 * @param module       the release module it belongs to, or null for a plain image list
 * @param image        the image that named the service (the application image when both were given), or null
 *                     when the service was chosen by its chart (cluster-configs, every-chart renders)
 * @param appTag       value for {@code image.tag}, or null to keep the chart's own default
 * @param migrationTag value for {@code initContainers.dbMigration.image.tag}, or null
 */
public record ServiceDeploy(String service, String module, ChartEntry chart, ImageRef image,
                            String appTag, String migrationTag, TagSource tagSource) {

    /** The tag shown to the user for this service. */
    public String displayTag() {
        return appTag != null ? appTag : "(chart default)";
    }
}
