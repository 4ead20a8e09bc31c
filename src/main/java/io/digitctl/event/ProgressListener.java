package io.digitctl.event;

import io.digitctl.plan.DeployPlan;
import io.digitctl.render.ServiceRender;

/** What an action reports while it runs; the CLI prints it to stderr, a web page could stream it. */
public interface ProgressListener {
    ProgressListener SILENT = new ProgressListener() {
    };

    default void info(String message) {
    }

    default void warn(String message) {
    }

    /** The plan is made; nothing has been rendered yet. */
    default void planned(DeployPlan plan) {
    }

    default void serviceRendered(ServiceRender result) {
    }

    /** A yes/no question for the user, such as removing a lock whose holder looks alive; without a user to ask, no. */
    default boolean confirm(String question) {
        return false;
    }

    /** A service of a deploy changed state (applying, rolling out, deployed, failed, ...), with what it is waiting for. */
    default void serviceState(String service, String state, String detail, long elapsedMillis) {
    }
}
