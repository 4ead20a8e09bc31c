package io.digitctl.action;

import io.digitctl.kube.ledger.Revision;

/**
 * What a caller adds to a deploy without changing the engine: a look at the rendered plan before
 * anything is applied (with the lock held), which may stop it there, and what each new revision
 * records about where it came from. Plan files, promotion and notifications are built on it.
 */
public interface DeployHooks {
    DeployHooks NONE = new DeployHooks() {
    };

    /**
     * Called with the environment locked, after rendering and the preflight checks, before anything
     * is applied. Return false to stop there (nothing applied, no services in the result); throw a
     * {@link io.digitctl.model.DigitctlException} to refuse the deploy.
     */
    default boolean beforeApply(PlannedDeploy planned) {
        return true;
    }

    /** Where the images of this service came from, when a promote deploys them. */
    default Revision.Source promotedFrom(String service) {
        return null;
    }

    /** Who wrote the plan file this deploy applies (user@host), when it applies one. */
    default String plannedBy() {
        return null;
    }
}
