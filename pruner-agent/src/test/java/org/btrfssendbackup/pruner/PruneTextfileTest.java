package org.btrfssendbackup.pruner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-shot prune writes its metrics as a node_exporter textfile when backup-srv's config sets TEXTFILE_DIR. */
class PruneTextfileTest {

    private static final String LABELS = "{host=\"prod-srv\",set=\"prod-srv/rootfs\"}";

    @TempDir
    Path root;

    Path textfiles;
    StoredSetFixture store;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void storeAndConfig() throws Exception {
        store = new StoredSetFixture(root.resolve("store")).daily(PrunerTest.START, 60, 10);
        textfiles = Files.createDirectories(root.resolve("textfiles"));
        Files.writeString(root.resolve("btrfs-backup-receive"), "TEXTFILE_DIR=" + textfiles + "\n");
    }

    int run(String... args) {
        Map<String, String> env = new HashMap<>(PruneMainTest.environmentOf(PruneMainTest.SEED_CRON_LINE));
        env.put("BACKUP_ROOT", root.resolve("store").toString());
        env.put(BackupSrvConfig.CONFIG_ENV, root.resolve("btrfs-backup-receive").toString());
        return PruneMain.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String textfile() throws Exception {
        return Files.readString(textfiles.resolve("btrfs-backup-prune.prod-srv_rootfs.prom"));
    }

    @Test
    void aPruneExportsItsRestorePointsNoDamageAndTheStoresSpace() throws Exception {
        assertThat(run()).as(err.toString()).isEqualTo(ExitCodes.OK);
        long kept = store.files().stream().filter(f -> f.endsWith(".manifest")).count();
        assertThat(textfile()).contains("btrfs_backup_restore_points" + LABELS + " " + (double) kept,
                "btrfs_backup_corrupt_streams" + LABELS + " 0.0", "btrfs_backup_store_free_bytes ",
                "btrfs_backup_store_size_bytes ").doesNotContain("btrfs_backup_set_status");
    }

    @Test
    void aDamagedStreamFoundBeforeDeletingIsCounted() throws Exception {
        SnapshotName latest = SnapshotName.parse(store.points.get(59).name());
        store.corrupt(StreamFileName.of(latest, StreamKind.INCR));
        assertThat(run()).isEqualTo(PruneExitCodes.DAMAGED);
        assertThat(textfile()).contains("btrfs_backup_corrupt_streams" + LABELS + " 1.0");
    }

    @Test
    void aDryRunWritesNothing() throws Exception {
        assertThat(run("--dry-run")).isEqualTo(ExitCodes.OK);
        assertThat(textfiles).isEmptyDirectory();
    }
}
