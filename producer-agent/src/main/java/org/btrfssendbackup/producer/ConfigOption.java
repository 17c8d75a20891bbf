package org.btrfssendbackup.producer;

import java.nio.file.Path;
import org.btrfssendbackup.core.config.ProducerConfig;
import picocli.CommandLine.Option;

/** {@code --config FILE}, accepted before or after the subcommand. */
public final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "configuration file (default: " + "/etc/btrfs-send-backup/prod.conf" + ")")
    Path file;

    /** This command's own value, else the top-level one, else the default. */
    Path resolve(ConfigOption topLevel) {
        if (file != null) {
            return file;
        }
        if (topLevel != null && topLevel.file != null) {
            return topLevel.file;
        }
        return ProducerConfig.DEFAULT_PATH;
    }
}
