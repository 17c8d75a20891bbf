package org.btrfssendbackup.producer;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.messages.JsonFormats;
import org.btrfssendbackup.core.config.BackupSets;
import org.btrfssendbackup.core.config.BackupSets.BackupSet;
import org.btrfssendbackup.core.config.ConfigException;
import org.btrfssendbackup.core.version.ProgramVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code config check}: the effective configuration, or the first problem as FILE:LINE: KEY: problem. */
@Command(name = "config", description = "Configuration commands.", mixinStandardHelpOptions = true, versionProvider = ProgramVersion.class,
        subcommands = ConfigCommand.Check.class)
final class ConfigCommand {

    @ParentCommand
    ProducerMain main;

    @Command(name = "check", mixinStandardHelpOptions = true, versionProvider = ProgramVersion.class,
            description = {"Checks the configuration and prints the effective values.",
                    "Prints each value with where it came from "
                    + "(secrets by path only; the mode's secret file, PASSPHRASE_FILE or LUKS_KEY_FILE, must be "
                    + "readable by its owner only). With set files (sets.d/*.conf) each set is checked over prod.conf "
                    + "and printed under '# backup set NAME (FILE)'; two sets with the same BACKUP_SET, source subvolume, "
                    + "STATE_FILE or snapshot dir and prefix are an error naming both files. "
                    + "Exit 0 when valid, 1 with FILE:LINE: KEY: problem when not."})
    static final class Check implements Callable<Integer> {

        @ParentCommand
        ConfigCommand parent;

        @Mixin
        ConfigOption config = new ConfigOption();

        @Option(names = "--json", description = "one JSON object: {\"valid\":true,\"file\":...,\"settings\":[...]} "
                + "or {\"valid\":false,\"error\":...}")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            var file = config.resolve(parent.main.config);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("file", file.toString());
            try {
                List<BackupSet> sets = BackupSets.load(file);
                for (BackupSet set : sets) {
                    SecretFiles.check(set.config());
                }
                result.put("valid", true);
                if (sets.size() == 1) {
                    result.put("settings", sets.get(0).config().describe());
                    if (!json) {
                        sets.get(0).config().describe().forEach(out::println);
                    }
                } else {
                    List<Map<String, Object>> described = new ArrayList<>();
                    for (BackupSet set : sets) {
                        Map<String, Object> one = new LinkedHashMap<>();
                        one.put("backupSet", set.name());
                        one.put("file", set.file());
                        one.put("settings", set.config().describe());
                        described.add(one);
                        if (!json) {
                            out.println("# backup set " + set.name() + " (" + set.file() + ")");
                            set.config().describe().forEach(out::println);
                        }
                    }
                    result.put("sets", described);
                }
            } catch (ConfigException e) {
                result.put("valid", false);
                result.put("error", e.getMessage());
                if (!json) {
                    spec.commandLine().getErr().println(e.getMessage());
                }
            }
            if (json) {
                out.println(JsonFormats.line().writeValueAsString(result));
            }
            out.flush();
            return Boolean.TRUE.equals(result.get("valid")) ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
