package io.digitctl.render;

/**
 * Whether what a service's last deploy applied can stand in for rendering it again, because it was
 * rendered from the same inputs ({@link RenderInputs}). A deploy answers from its ledger; every other
 * render (print, diff, validate) renders everything.
 */
@FunctionalInterface
public interface RecordedRenders {
    RecordedRenders NONE = (service, inputDigest) -> false;

    boolean canStandIn(String service, String inputDigest);
}
