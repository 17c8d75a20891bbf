package org.btrfssendbackup.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreLayoutTest {

    private final StoreLayout layout = new StoreLayout(Path.of("/mnt/sdb1/btrfs-send-backups"));
    private final BackupSetName set = BackupSetName.of("prod-srv/rootfs");
    private final SnapshotName snapshot = SnapshotName.parse("prod-srv-rootfs-20260131T020500Z");

    @Test
    void seedCompatiblePaths() {
        assertThat(layout.streamFile(set, StreamFileName.of(snapshot, StreamKind.INCR))).isEqualTo(
                Path.of("/mnt/sdb1/btrfs-send-backups/prod-srv/rootfs/prod-srv-rootfs-20260131T020500Z.incr.btrfs.gpg"));
        assertThat(layout.manifestFile(set, snapshot)).isEqualTo(
                Path.of("/mnt/sdb1/btrfs-send-backups/prod-srv/rootfs/prod-srv-rootfs-20260131T020500Z.manifest"));
    }

    @Test
    void temporaryNamesAreHiddenSiblingsThatNeverParseAsFinal() {
        Path finalPath = layout.streamFile(set, StreamFileName.of(snapshot, StreamKind.FULL));
        Path temp = StoreLayout.temporaryFor(finalPath, "a1B2");
        assertThat(temp.getParent()).isEqualTo(finalPath.getParent());
        assertThat(temp.getFileName().toString())
                .isEqualTo(".prod-srv-rootfs-20260131T020500Z.full.btrfs.gpg.partial-a1B2");
        assertThat(StoreLayout.isTemporaryName(temp.getFileName().toString())).isTrue();
        assertThat(StoreLayout.isTemporaryName(finalPath.getFileName().toString())).isFalse();
        assertThatThrownBy(() -> StreamFileName.parse(temp.getFileName().toString()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoreLayout.temporaryFor(finalPath, "../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rootMustBeAbsolute() {
        assertThatThrownBy(() -> new StoreLayout(Path.of("relative"))).hasMessageContaining("BACKUP_ROOT");
    }
}
