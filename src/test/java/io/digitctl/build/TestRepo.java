package io.digitctl.build;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

import java.nio.file.Path;

import static io.digitctl.TestTrees.write;

/** A git repository made by a test with JGit, and commits that touch one file each. */
final class TestRepo implements AutoCloseable {
    final Path root;
    final Git git;

    TestRepo(Path root) throws Exception {
        this.root = root;
        this.git = Git.init().setDirectory(root.toFile()).setInitialBranch("master").call();
    }

    /** Writes the file and commits it with the message; returns the commit's short hash. */
    String commit(String file, String content, String message) throws Exception {
        write(root, file, content);
        git.add().addFilepattern(file).call();
        RevCommit c = git.commit().setMessage(message).setAuthor(new PersonIdent("Test", "test@example.org"))
                .setCommitter(new PersonIdent("Test", "test@example.org")).setSign(false).call();
        return c.abbreviate(7).name();
    }

    void tag(String name) throws Exception {
        git.tag().setName(name).setMessage(name).setAnnotated(true).setSigned(false).call();
    }

    void branch(String name) throws Exception {
        git.checkout().setCreateBranch(true).setName(name).call();
    }

    @Override
    public void close() {
        git.close();
    }
}
