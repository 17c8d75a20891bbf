package org.btrfssendbackup.core.version;

import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code --version} line of every command and subcommand: the program's name (its root
 * command's) and {@link ProductVersion#VERSION}, written here once instead of in each
 * {@code @Command}, so a subcommand cannot print another program's name or an old version.
 */
public final class ProgramVersion implements IVersionProvider {

    @Spec
    CommandSpec spec;

    @Override
    public String[] getVersion() {
        return new String[] {line(spec.root().name())};
    }

    /** {@code PROGRAM VERSION}, e.g. {@code btrfs-send-backup 0.1.0}. */
    public static String line(String program) {
        return program + " " + ProductVersion.VERSION;
    }
}
