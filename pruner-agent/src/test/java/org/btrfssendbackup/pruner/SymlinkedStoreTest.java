package org.btrfssendbackup.pruner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.retention.RetentionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pruner never follows a link planted under BACKUP_ROOT: it neither locks, reads nor deletes outside. */
class SymlinkedStoreTest {

    static final Instant START = Instant.parse("2024-01-01T02:05:00Z");
    static final Instant NOW = START.plus(Duration.ofDays(120));
    static final RetentionPolicy POLICY = new RetentionPolicy(5, 3, 2);

    @TempDir
    Path tmp;

    private Pruner prunerOf(Path root) {
        return new Pruner(new StoreLayout(root), new FileSystemDeleter(), Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofMillis(300));
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.sorted().toList();
        }
    }

    @Test
    void aSetBehindASymlinkedMiddleDirectoryIsNotPruned() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        StoredSetFixture elsewhere = new StoredSetFixture(outside);
        elsewhere.daily(START, 100, 14);
        List<Path> before = files(outside);
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createSymbolicLink(root.resolve("prod-srv"), outside.resolve("prod-srv"));

        assertThatThrownBy(() -> prunerOf(root).prune(StoredSetFixture.SET, POLICY, false))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("prune prod-srv/rootfs: " + root.resolve("prod-srv") + " is a symbolic link");
        assertThat(files(outside)).isEqualTo(before);
    }

    @Test
    void aSymlinkedLockFileIsRefusedNothingIsCreatedOutsideNorDeleted() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        StoredSetFixture store = new StoredSetFixture(root);
        store.daily(START, 100, 14);
        Path lock = store.layout.setDirectory(StoredSetFixture.SET).resolve(StoreLayout.UPLOAD_LOCK_FILE);
        Files.deleteIfExists(lock);
        Path target = outside.resolve("created-by-root");
        Files.createSymbolicLink(lock, target);
        List<Path> before = files(root);

        assertThatThrownBy(() -> prunerOf(root).prune(StoredSetFixture.SET, POLICY, false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(".put-stream.lock is a symbolic link");
        assertThat(target).doesNotExist();
        assertThat(files(root)).isEqualTo(before);
    }
}
