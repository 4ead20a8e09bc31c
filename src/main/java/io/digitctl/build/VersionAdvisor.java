package io.digitctl.build;

import org.eclipse.jgit.lib.ObjectId;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The next semantic version of one folder: from its last version tag ({@code <image-name>-v1.2.3}
 * or {@code v1.2.3}) reachable from HEAD, bumped by the Conventional Commits that touched the
 * folder since then. A monorepo of services versions each service on its own.
 */
public final class VersionAdvisor {

    /** What the history says: the version now, the next one, and why. */
    public record Advice(SemVer current, SemVer next, SemVer.Bump bump, String lastTag, List<String> releasing) {
    }

    private VersionAdvisor() {
    }

    public static Advice advise(GitRepo repo, Path workDir, String imageName) {
        Map<ObjectId, List<String>> tags = repo.tagsByCommit();
        ObjectId tagged = null;
        String lastTag = null;
        SemVer current = null;
        for (ObjectId commit : repo.history()) {
            Optional<String> tag = versionTag(tags.getOrDefault(commit, List.of()), imageName);
            if (tag.isPresent()) {
                tagged = commit;
                lastTag = tag.get();
                current = SemVer.parse(lastTag.substring(lastTag.lastIndexOf('v'))).orElseThrow();
                break;
            }
        }
        if (current == null) {
            current = SemVer.parse(AppVersion.of(workDir)).orElse(new SemVer(0, 0, 0));
        }
        SemVer.Bump bump = SemVer.Bump.NONE;
        List<String> releasing = new java.util.ArrayList<>();
        for (GitRepo.Commit c : repo.commitsTouching(workDir, tagged)) {
            SemVer.Bump b = ConventionalCommits.bump(c.message());
            if (b != SemVer.Bump.NONE) {
                releasing.add(c.message().strip().lines().findFirst().orElse(""));
            }
            if (b.compareTo(bump) > 0) {
                bump = b;
            }
        }
        return new Advice(current, current.bump(bump), bump, lastTag, List.copyOf(releasing));
    }

    /** The tag of this image (or a plain v-tag) with the highest version, among one commit's tags. */
    private static Optional<String> versionTag(List<String> names, String imageName) {
        return names.stream()
                .filter(n -> (imageName != null && n.matches(java.util.regex.Pattern.quote(imageName) + "-v\\d+\\.\\d+\\.\\d+")) || n.matches("v\\d+\\.\\d+\\.\\d+"))
                .max(Comparator.comparing((String n) -> imageName != null && n.startsWith(imageName + "-"))
                        .thenComparing(n -> SemVer.parse(n.substring(n.lastIndexOf('v'))).orElseThrow()));
    }

    /** The name of the tag for a version of this folder's image. */
    public static String tagName(String imageName, SemVer version) {
        return (imageName == null ? "" : imageName + "-") + "v" + version;
    }
}
