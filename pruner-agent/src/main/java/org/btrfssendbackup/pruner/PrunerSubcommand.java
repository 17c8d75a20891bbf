package org.btrfssendbackup.pruner;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.btrfssendbackup.core.version.ProgramVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What {@code scrub} and {@code service} share: --help and --version, options in declaration order,
 * the exit status heading, the -c/--config option, resolved with the one given before the
 * subcommand, and the command's error stream. (picocli reads the {@code @Command} of a superclass.)
 */
@Command(mixinStandardHelpOptions = true, versionProvider = ProgramVersion.class, sortOptions = false,
        exitCodeListHeading = "%nExit status:%n")
abstract class PrunerSubcommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    PruneMain parent;

    @Mixin
    ConfigOption config = new ConfigOption();

    /** backup-srv's config file: this command's -c, else the top-level one, else the environment's or the default. */
    Path configFile() {
        return parent.configFile(config);
    }

    /** Errors and warnings (stderr). */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
