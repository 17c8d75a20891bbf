package org.btrfssendbackup.core.config;

import org.btrfssendbackup.core.retention.RetentionPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PruneConfigTest {

    /** The seed's cron line: BACKUP_ROOT=... BACKUP_SET=prod-srv/rootfs KEEP_DAILY=7 KEEP_WEEKLY=4 KEEP_MONTHLY=12. */
    @Test
    void seedCronEnvironment() {
        PruneConfig c = PruneConfig.fromEnvironment(Map.of("BACKUP_ROOT", "/mnt/sdb1/btrfs-send-backups",
                "BACKUP_SET", "prod-srv/rootfs", "KEEP_DAILY", "7", "KEEP_WEEKLY", "4", "KEEP_MONTHLY", "12",
                "PATH", "/usr/bin", "HOME", "/root"));
        assertThat(c.backupRoot()).isEqualTo(Path.of("/mnt/sdb1/btrfs-send-backups"));
        assertThat(c.backupSet()).isEqualTo("prod-srv/rootfs");
        assertThat(c.keep()).isEqualTo(new RetentionPolicy(7, 4, 12));
        assertThat(c.setDirectory()).isEqualTo(Path.of("/mnt/sdb1/btrfs-send-backups/prod-srv/rootfs"));
        assertThat(c.describe()).contains("KEEP_MONTHLY=12                                  # environment");
    }

    @Test
    void defaultsAndErrors() {
        PruneConfig c = PruneConfig.fromEnvironment(Map.of("BACKUP_SET", "h/s"));
        assertThat(c.keep()).isEqualTo(RetentionPolicy.seedDefaults());
        assertThat(c.backupRoot()).isEqualTo(ReceiverConfig.DEFAULT_BACKUP_ROOT);

        ConfigException missing = catchThrowableOfType(ConfigException.class, () -> PruneConfig.fromEnvironment(Map.of()));
        assertThat(missing.getMessage()).isEqualTo("environment: BACKUP_SET: is required but not set");
        ConfigException bad = catchThrowableOfType(ConfigException.class,
                () -> PruneConfig.fromEnvironment(Map.of("BACKUP_SET", "h/s", "KEEP_WEEKLY", "x")));
        assertThat(bad.getMessage()).isEqualTo("environment: KEEP_WEEKLY: 'x': must be a whole number");
    }
}
