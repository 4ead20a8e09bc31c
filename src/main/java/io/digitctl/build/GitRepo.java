package io.digitctl.build;

import io.digitctl.model.DigitctlException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The git facts a build needs, read with JGit: no git binary. */
public final class GitRepo implements AutoCloseable {
    private final Repository repository;
    private final Git git;

    private GitRepo(Repository repository) {
        this.repository = repository;
        this.git = new Git(repository);
    }

    /** The repository holding {@code path}. */
    public static GitRepo find(Path path) {
        try {
            FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(path.toAbsolutePath().toFile());
            if (builder.getGitDir() == null) {
                throw new DigitctlException(path + " is not inside a git repository; the folder commit and version tags come from git.");
            }
            return new GitRepo(builder.build());
        } catch (IOException e) {
            throw new DigitctlException("Cannot open the git repository of " + path + ": " + e.getMessage());
        }
    }

    public Path workTree() {
        return repository.getWorkTree().toPath().toAbsolutePath().normalize();
    }

    /** A path of the work tree in git's form, relative with forward slashes; empty for the root. */
    public String relative(Path path) {
        String rel = workTree().relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
        return rel;
    }

    /** The short hash of the newest commit that touched the folder. */
    public String folderCommit(Path folder) {
        String rel = relative(folder);
        try {
            var log = git.log().setMaxCount(1);
            if (!rel.isEmpty()) {
                log.addPath(rel);
            }
            for (RevCommit c : log.call()) {
                return c.abbreviate(7).name();
            }
        } catch (GitAPIException e) {
            throw new DigitctlException("Cannot read the git history of " + folder + ": " + e.getMessage());
        }
        throw new DigitctlException("No commit touches " + folder + " yet; commit it before building.");
    }

    /** The checked-out branch, or empty when HEAD is detached. */
    public Optional<String> currentBranch() {
        try {
            String full = repository.getFullBranch();
            return full != null && full.startsWith("refs/heads/") ? Optional.of(full.substring("refs/heads/".length())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Tag names by the commit they point at (annotated tags peeled). */
    public Map<ObjectId, List<String>> tagsByCommit() {
        Map<ObjectId, List<String>> out = new HashMap<>();
        try {
            for (Ref ref : repository.getRefDatabase().getRefsByPrefix("refs/tags/")) {
                Ref peeled = repository.getRefDatabase().peel(ref);
                ObjectId target = peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : peeled.getObjectId();
                out.computeIfAbsent(target, k -> new ArrayList<>()).add(ref.getName().substring("refs/tags/".length()));
            }
        } catch (IOException e) {
            throw new DigitctlException("Cannot read the tags of " + workTree() + ": " + e.getMessage());
        }
        return out;
    }

    /** A commit of the history of HEAD: its id and full message. */
    public record Commit(ObjectId id, String message) {
    }

    /** The history of HEAD, newest first, that touched the folder, stopping before {@code since} (exclusive; null for all). */
    public List<Commit> commitsTouching(Path folder, ObjectId since) {
        List<Commit> out = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(repository.resolve("HEAD")));
            if (since != null) {
                walk.markUninteresting(walk.parseCommit(since));
            }
            String rel = relative(folder);
            if (!rel.isEmpty()) {
                walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(rel), TreeFilter.ANY_DIFF));
            }
            for (RevCommit c : walk) {
                out.add(new Commit(c.copy(), c.getFullMessage()));
            }
        } catch (IOException e) {
            throw new DigitctlException("Cannot read the git history of " + folder + ": " + e.getMessage());
        }
        return out;
    }

    /** Every commit of HEAD's history, newest first. */
    public List<ObjectId> history() {
        List<ObjectId> out = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(repository.resolve("HEAD")));
            for (RevCommit c : walk) {
                out.add(c.copy());
            }
        } catch (IOException e) {
            throw new DigitctlException("Cannot read the git history of " + workTree() + ": " + e.getMessage());
        }
        return out;
    }

    public void tag(String name, String message) {
        try {
            git.tag().setName(name).setMessage(message).setAnnotated(true).call();
        } catch (GitAPIException e) {
            throw new DigitctlException("Cannot create tag " + name + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        git.close();
        repository.close();
    }
}
