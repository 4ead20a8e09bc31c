package io.digitctl.render;

import io.digitctl.model.ResourceKey;

import java.util.Map;

/**
 * One rendered Kubernetes object.
 *
 * @param service  the service whose chart rendered it
 * @param template the chart file it came from, relative to the chart ({@code templates/deployment.yaml})
 * @param key      its identity
 * @param yaml     the document as Helm wrote it, without the Source comment
 * @param object   the parsed document
 */
public record Manifest(String service, String template, ResourceKey key, String yaml, Map<String, Object> object) {

    public String source() {
        return service + "/" + template;
    }

    /**
     * The comment lines that go before the document when manifests are shown or written:
     * {@code # Source: <service>/<template>}, and for a hook {@code # Hook: <events> (weight N)}.
     */
    public String header() {
        String source = "# Source: " + source() + "\n";
        return hook().map(h -> source + h.comment(object) + "\n").orElse(source);
    }

    public boolean isCrd() {
        return template.startsWith("crds/") || "CustomResourceDefinition".equals(key.kind());
    }

    /** The Helm hook this object is, if it is one: hooks are run around a deploy, not applied as part of it. */
    public java.util.Optional<HelmHook> hook() {
        return HelmHook.of(object);
    }

    public boolean isSecret() {
        return "Secret".equals(key.kind()) && key.group().isEmpty();
    }
}
