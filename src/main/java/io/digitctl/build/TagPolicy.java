package io.digitctl.build;

import java.util.List;

/**
 * DIGIT's image tags: {@code v<version>-<folder-commit>-<build>} on the main branches,
 * {@code <branch>-<folder-commit>-<build>} elsewhere, with the branch made safe for a tag.
 */
public record TagPolicy(List<String> mainBranches) {
    public static final TagPolicy DEFAULT = new TagPolicy(List.of("master", "main"));

    public String tag(String version, String commit, String build, String branch) {
        if (branch == null || mainBranches.contains(branch)) {
            return "v" + version + "-" + commit + "-" + build;
        }
        return tagSafe(branch) + "-" + commit + "-" + build;
    }

    /** Letters, digits, '_', '.' and '-' only, not starting with '.' or '-', short enough to leave room for the rest. */
    static String tagSafe(String branch) {
        String safe = branch.replaceAll("[^A-Za-z0-9_.-]", "-").replaceAll("^[.-]+", "");
        return safe.length() > 100 ? safe.substring(0, 100) : (safe.isEmpty() ? "branch" : safe);
    }

    /** The branch as Jenkins and other CIs give it: --branch, BRANCH_NAME, GIT_BRANCH (without origin/), else git's. */
    public static String branch(String flag, java.util.Map<String, String> env, GitRepo repo) {
        for (String candidate : new String[] {flag, env.get("BRANCH_NAME"), env.get("GIT_BRANCH")}) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.strip().replaceFirst("^(refs/heads/|origin/|refs/remotes/origin/)", "");
            }
        }
        return repo.currentBranch().orElse(null);
    }
}
