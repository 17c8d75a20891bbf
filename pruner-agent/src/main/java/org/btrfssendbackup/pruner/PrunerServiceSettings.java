package org.btrfssendbackup.pruner;

import org.btrfssendbackup.core.schedule.DailySchedule;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.btrfssendbackup.core.config.ReceiverConfig;
import org.btrfssendbackup.core.config.ScrubSettings;
import org.btrfssendbackup.core.retention.RetentionPolicy;

/**
 * What the pruner service needs.
 *
 * @param backupRoot BACKUP_ROOT (every set under it is pruned on the schedule)
 * @param policy     backup-srv's own KEEP_* (never taken from a message)
 * @param host       this host's name, stamped on events
 * @param schedule   when the service scrubs, then prunes every set on its own
 * @param scrub      SCRUB_* and PRUNE_CHECK_MAX_AGE
 * @param alertCommand ALERT_COMMAND, run after a scrub when a set turns CORRUPT or recovers ({@link CorruptAlert}); empty = none
 */
public record PrunerServiceSettings(Path backupRoot, RetentionPolicy policy, String host, DailySchedule schedule,
                                    ScrubSettings scrub, List<String> alertCommand) {

    public PrunerServiceSettings {
        Objects.requireNonNull(backupRoot, "pruner service: backupRoot");
        Objects.requireNonNull(policy, "pruner service: policy");
        Objects.requireNonNull(host, "pruner service: host");
        Objects.requireNonNull(schedule, "pruner service: schedule");
        Objects.requireNonNull(scrub, "pruner service: scrub");
        alertCommand = List.copyOf(alertCommand);
    }

    /** Without ALERT_COMMAND. */
    public PrunerServiceSettings(Path backupRoot, RetentionPolicy policy, String host, DailySchedule schedule,
                                 ScrubSettings scrub) {
        this(backupRoot, policy, host, schedule, scrub, List.of());
    }

    /** From /etc/default/btrfs-backup-receive: BACKUP_ROOT, KEEP_*, SCRUB_* and ALERT_COMMAND. */
    public static PrunerServiceSettings from(ReceiverConfig config, String host, DailySchedule schedule) {
        return new PrunerServiceSettings(config.backupRoot(), config.keep(), host, schedule, config.scrub(),
                config.monitor().alertCommand());
    }
}
