package org.btrfssendbackup.pruner;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code -c/--config FILE}: backup-srv's config, one option for the one-shot, {@code scrub} and
 * {@code service}, so its help and its default are written once. Every command reads it through
 * {@link BackupSrvConfig#load}, where a missing file means the seed defaults.
 */
final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "backup-srv's config (BROKER_*, PRUNE_CHECK_MAX_AGE, SCRUB_*; default: "
                    + "$BTRFS_BACKUP_RECEIVE_CONFIG or /etc/default/btrfs-backup-receive; a missing file means the "
                    + "seed defaults). Before or after the subcommand; the subcommand's own wins.")
    Path file;

    /** This command's own value, else the top-level one, else the environment's or the default. */
    Path resolve(ConfigOption topLevel, Map<String, String> env) {
        if (file != null) {
            return file;
        }
        if (topLevel != null && topLevel.file != null) {
            return topLevel.file;
        }
        return BackupSrvConfig.path(env);
    }
}
