package org.btrfssendbackup.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The no-follow walk under BACKUP_ROOT, and the lock file opened with no-follow. Symlinks in a temp dir, no root. */
class StorePathsTest {

    @TempDir
    Path tmp;
    Path root;
    Path outside;

    @BeforeEach
    void tree() throws Exception {
        root = Files.createDirectories(tmp.resolve("root"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createDirectories(outside.resolve("b/c"));
        Files.writeString(outside.resolve("b/c/f"), "outside");
        Files.createDirectories(root.resolve("a"));
        Files.createSymbolicLink(root.resolve("a/b"), outside.resolve("b"));
        Files.createSymbolicLink(root.resolve("top"), outside);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "a/b/c", "a/b/c/f", "a/b/missing/deeper", "top", "top/b/c/f"})
    void anyLinkedComponentIsRefusedAndNamed(String below) {
        assertThatThrownBy(() -> StorePaths.checkNoLinks(root, root.resolve(below)))
                .isInstanceOf(SymbolicLinkInStoreException.class)
                .hasMessageStartingWith((below.startsWith("top") ? root.resolve("top") : root.resolve("a/b"))
                        + " is a symbolic link");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "a/missing", "missing/b/c", "a/x/y/z"})
    void realAndMissingPathsPass(String below) throws Exception {
        assertThat(StorePaths.checkNoLinks(root, root.resolve(below))).isEqualTo(root.resolve(below));
    }

    @Test
    void backupRootItselfMayBeALink() throws Exception {
        Path linkedRoot = Files.createSymbolicLink(tmp.resolve("linked-root"), root);
        StorePaths.checkNoLinks(linkedRoot, linkedRoot.resolve("a/x"));
    }

    @Test
    void aPathOutsideTheRootIsAProgrammingError() {
        assertThatThrownBy(() -> StorePaths.checkNoLinks(root, root.resolve("../outside")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLinkAsTheLastComponentIsNotOpened() throws Exception {
        Files.createSymbolicLink(root.resolve("a/f"), outside.resolve("b/c/f"));
        assertThatThrownBy(() -> StorePaths.newInputStream(root, root.resolve("a/f")))
                .isInstanceOf(SymbolicLinkInStoreException.class);
        Files.writeString(root.resolve("a/g"), "inside");
        try (InputStream in = StorePaths.newInputStream(root, root.resolve("a/g"))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("inside");
        }
    }

    @Test
    void aLinkedLockFileIsNeitherFollowedNorCreatedOutside() throws Exception {
        Path lock = root.resolve("a").resolve(StoreLayout.UPLOAD_LOCK_FILE);
        Path target = outside.resolve("new-file");
        Files.createSymbolicLink(lock, target);
        assertThatThrownBy(() -> SetLock.tryAcquire(lock)).isInstanceOf(SymbolicLinkInStoreException.class)
                .hasMessageStartingWith(lock + " is a symbolic link");
        assertThatThrownBy(() -> SetLock.acquire(lock, Duration.ofMillis(10)))
                .isInstanceOf(SymbolicLinkInStoreException.class);
        assertThatThrownBy(() -> SetLock.isHeld(lock)).isInstanceOf(SymbolicLinkInStoreException.class);
        assertThat(target).doesNotExist();
    }
}
