package org.btrfssendbackup.core.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

    @TempDir
    Path temp;

    @Test
    void deletesANestedTreeWithReadOnlyFilesAndEmptyDirectories() throws Exception {
        Path root = temp.resolve("work");
        Path deep = Files.createDirectories(root.resolve("a/b/c"));
        Files.createDirectories(root.resolve("empty"));
        Path stored = Files.writeString(deep.resolve("stored.gpg"), "x");
        Files.setPosixFilePermissions(stored, PosixFilePermissions.fromString("r--------"));
        Files.writeString(root.resolve("top.txt"), "y");

        FileTrees.deleteTree(root);

        assertThat(root).doesNotExist();
        assertThat(temp).isEmptyDirectory();
    }

    @Test
    void removesLinksWithoutFollowingThem() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Path kept = Files.writeString(outside.resolve("kept.txt"), "keep me");
        Path root = Files.createDirectories(temp.resolve("work"));
        Files.createSymbolicLink(root.resolve("to-outside"), outside);
        Files.createSymbolicLink(root.resolve("to-file"), kept);

        FileTrees.deleteTree(root);

        assertThat(root).doesNotExist();
        assertThat(kept).hasContent("keep me");
    }

    @Test
    void aLinkAsTheRootIsRemovedAndItsTargetKept() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("kept.txt"), "keep me");
        Path link = Files.createSymbolicLink(temp.resolve("link"), outside);

        FileTrees.deleteTree(link);

        assertThat(link).doesNotExist();
        assertThat(outside.resolve("kept.txt")).hasContent("keep me");
    }

    @Test
    void aMissingRootIsNothingToDo() throws Exception {
        Path missing = temp.resolve("never-created");

        FileTrees.deleteTree(missing);

        assertThat(missing).doesNotExist();
    }

    @Test
    void aSingleFileIsDeleted() throws Exception {
        Path file = Files.writeString(temp.resolve("file"), "z");

        FileTrees.deleteTree(file);

        assertThat(file).doesNotExist();
    }
}
