package org.btrfssendbackup.pruner;

import org.btrfssendbackup.core.schedule.DailySchedule;
import java.nio.file.Path;
import java.util.Objects;
import org.btrfssendbackup.core.config.ReceiverConfig;
import org.btrfssendbackup.core.retention.RetentionPolicy;

/**
 * What the pruner service needs.
 *
 * @param backupRoot BACKUP_ROOT (every set under it is pruned on the schedule)
 * @param policy     backup-srv's own KEEP_* (never taken from a message)
 * @param host       this host's name, stamped on events
 * @param schedule   when the service prunes every set on its own
 */
public record PrunerServiceSettings(Path backupRoot, RetentionPolicy policy, String host, DailySchedule schedule) {

    public PrunerServiceSettings {
        Objects.requireNonNull(backupRoot, "pruner service: backupRoot");
        Objects.requireNonNull(policy, "pruner service: policy");
        Objects.requireNonNull(host, "pruner service: host");
        Objects.requireNonNull(schedule, "pruner service: schedule");
    }

    /** From /etc/default/btrfs-backup-receive: BACKUP_ROOT and KEEP_*. */
    public static PrunerServiceSettings from(ReceiverConfig config, String host, DailySchedule schedule) {
        return new PrunerServiceSettings(config.backupRoot(), config.keep(), host, schedule);
    }
}
