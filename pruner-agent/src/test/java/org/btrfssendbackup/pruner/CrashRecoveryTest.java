package org.btrfssendbackup.pruner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Set;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.manifest.ManifestReader;
import org.btrfssendbackup.core.retention.RetentionPolicy;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A crash at any point of any deletion leaves no manifest without its stream, no stream
 * without its manifest or intent, and the next pass converges on the state a pass without a
 * crash reaches, without a broken chain on the way.
 */
class CrashRecoveryTest {

    static final RetentionPolicy POLICY = new RetentionPolicy(3, 1, 0);
    static final int STREAMS = 12;

    @TempDir
    Path crashed;

    @TempDir
    Path clean;

    /** Each deletion takes 6 operations (rename, fsync, delete, fsync, delete, fsync); 1..13 spans two deletions. */
    @ParameterizedTest(name = "crash at operation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
    void theNextPassConverges(int crashAt) throws IOException {
        StoredSetFixture crashedStore = new StoredSetFixture(crashed).daily(PrunerTest.START, STREAMS, 5);
        StoredSetFixture cleanStore = new StoredSetFixture(clean).daily(PrunerTest.START, STREAMS, 5);
        pruner(cleanStore, new FileSystemDeleter()).prune(StoredSetFixture.SET, POLICY, false);

        assertThatThrownBy(() -> pruner(crashedStore, new CrashingDeleter(crashAt)).prune(StoredSetFixture.SET, POLICY, false))
                .isInstanceOf(IOException.class).hasMessageContaining("simulated crash");
        assertPairsIntact(crashedStore);

        PruneResult rerun = pruner(crashedStore, new FileSystemDeleter()).prune(StoredSetFixture.SET, POLICY, false);

        assertThat(crashedStore.files()).isEqualTo(cleanStore.files());
        assertThat(rerun.warnings()).isEmpty();
        assertThat(crashedStore.files()).noneMatch(DeletionIntent::isIntentName);
    }

    private static Pruner pruner(StoredSetFixture store, Deleter deleter) {
        return new Pruner(store.layout, deleter, Clock.fixed(PrunerTest.NOW, ZoneOffset.UTC), Duration.ofSeconds(2));
    }

    /** Under final names a manifest always has its stream; a stream has its manifest or a pending intent. */
    private static void assertPairsIntact(StoredSetFixture store) throws IOException {
        Set<String> files = store.files();
        for (String name : files) {
            if (name.endsWith(StoreLayout.MANIFEST_SUFFIX)) {
                String stem = name.substring(0, name.length() - StoreLayout.MANIFEST_SUFFIX.length());
                assertThat(files).as("stream of " + name).containsAnyOf(stem + ".full" + StreamFileName.SUFFIX,
                        stem + ".incr" + StreamFileName.SUFFIX);
                // deletions go newest first, so every stored incremental still has its parent
                ManifestReader.read(store.dir.resolve(name), StoredSetFixture.SET).parent().ifPresent(parent ->
                        assertThat(files).as("parent of " + name).contains(parent.value() + StoreLayout.MANIFEST_SUFFIX));
            } else if (name.endsWith(StreamFileName.SUFFIX)) {
                String manifest = StreamFileName.parse(name).snapshot().value() + StoreLayout.MANIFEST_SUFFIX;
                assertThat(files).as("manifest or intent of " + name)
                        .containsAnyOf(manifest, DeletionIntent.intentName(manifest));
            }
        }
        assertThat(Files.exists(store.dir)).isTrue();
    }
}
