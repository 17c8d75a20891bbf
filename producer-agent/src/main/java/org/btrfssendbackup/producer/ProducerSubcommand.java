package org.btrfssendbackup.producer;

import java.util.List;
import java.util.concurrent.Callable;
import org.btrfssendbackup.core.config.BackupSets;
import org.btrfssendbackup.core.config.BackupSets.BackupSet;
import org.btrfssendbackup.core.version.ProgramVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * What {@code run}, {@code service} and {@code on-failure} share: --help and --version, the root
 * command (its --broker-dir, -v, -q and output streams) and -c/--config, resolved with the one
 * given before the subcommand. (picocli reads the {@code @Command} of a superclass.)
 */
@Command(mixinStandardHelpOptions = true, versionProvider = ProgramVersion.class)
abstract class ProducerSubcommand implements Callable<Integer> {

    @ParentCommand
    ProducerMain main;

    @Mixin
    ConfigOption config = new ConfigOption();

    /** The backup sets of this command's -c, else the top-level one's, else the default file's. */
    List<BackupSet> sets() {
        return BackupSets.load(config.resolve(main.config));
    }
}
