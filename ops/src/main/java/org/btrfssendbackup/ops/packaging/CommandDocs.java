package org.btrfssendbackup.ops.packaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;
import org.btrfssendbackup.broker.BrokerMain;
import org.btrfssendbackup.ops.cli.ConsoleEnvironment;
import org.btrfssendbackup.ops.cli.OpsMain;
import org.btrfssendbackup.ops.demo.BackupCycleDemo;
import org.btrfssendbackup.ops.web.WebMain;
import org.btrfssendbackup.producer.ProducerMain;
import org.btrfssendbackup.pruner.PruneMain;
import org.btrfssendbackup.receiver.ReceiverMain;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes the man pages (DIR/man/NAME.SECTION) and bash completions (DIR/completion/NAME) of
 * every installed command from the programs' real command definitions, for the Debian package
 * (ops/deb/build-deb.sh runs it at build time):
 * {@code java -cp ... org.btrfssendbackup.ops.packaging.CommandDocs DIR VERSION}.
 * The receiver parses its one argument by hand (it is an SSH forced command), so its page is
 * its --help text and its completion offers its two options.
 */
public final class CommandDocs {

    private CommandDocs() {
    }

    /** A picocli command installed as name in the given man section. */
    record Command(String name, int section, CommandLine commandLine) {
    }

    static List<Command> picocliCommands() {
        PrintStream quiet = new PrintStream(OutputStreamSink.INSTANCE, true, StandardCharsets.UTF_8);
        return List.of(
                new Command("btrfs-send-backup", 8, new CommandLine(new ProducerMain())),
                new Command("btrfs-backup-prune", 8, PruneMain.commandLine(Map.of())),
                new Command("btrfs-backup-broker", 8, new CommandLine(new BrokerMain())),
                new Command("btrfs-backup-demo", 8, BackupCycleDemo.commandLine(quiet, quiet)),
                new Command("btrfs-backup-console", 1, OpsMain.commandLine(ConsoleEnvironment.system())),
                new Command("btrfs-backup-web", 8, WebMain.commandLine(ConsoleEnvironment.system())));
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: CommandDocs DIR VERSION");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        write(dir, args[1]);
    }

    static void write(Path dir, String version) throws IOException {
        Path man = Files.createDirectories(dir.resolve("man"));
        Path completion = Files.createDirectories(dir.resolve("completion"));
        for (Command command : picocliCommands()) {
            ManPage page = page(command, version);
            Files.writeString(man.resolve(page.fileName()), page.roff());
            Files.writeString(completion.resolve(command.name()),
                    withoutHashbang(AutoComplete.bash(command.name(), command.commandLine())));
        }
        ManPage receiver = new ManPage("btrfs-backup-receive", 8, version,
                "the SSH forced command that stores encrypted streams on backup-srv", receiverUsage(), List.of());
        Files.writeString(man.resolve(receiver.fileName()), receiver.roff());
        Files.writeString(completion.resolve("btrfs-backup-receive"),
                "# bash completion for btrfs-backup-receive (its only options)\ncomplete -W '--sets --help' btrfs-backup-receive\n");
    }

    /** A completion file is sourced, never run: picocli's "#!/usr/bin/env bash" line goes. */
    static String withoutHashbang(String script) {
        return script.startsWith("#!") ? script.substring(script.indexOf('\n') + 1) : script;
    }

    /** The page of a picocli command: its usage and that of every visible subcommand, depth first. */
    static ManPage page(Command command, String version) {
        CommandLine root = command.commandLine();
        List<ManPage.Subcommand> subs = new ArrayList<>();
        collect(root, command.name(), subs, Collections.newSetFromMap(new IdentityHashMap<>()));
        String[] description = root.getCommandSpec().usageMessage().description();
        String summary = description.length > 0 ? description[0] : command.name();
        return new ManPage(command.name(), command.section(), version, summary, usage(root), subs);
    }

    private static void collect(CommandLine parent, String parentName, List<ManPage.Subcommand> into, Set<CommandLine> seen) {
        for (Map.Entry<String, CommandLine> entry : parent.getSubcommands().entrySet()) {
            CommandLine sub = entry.getValue();
            // aliases map to the same CommandLine: one section per subcommand, under its name
            if (!seen.add(sub) || sub.getCommandSpec().usageMessage().hidden()) {
                continue;
            }
            String name = parentName + " " + sub.getCommandName();
            into.add(new ManPage.Subcommand(name, usage(sub)));
            collect(sub, name, into, seen);
        }
    }

    private static String usage(CommandLine commandLine) {
        return commandLine.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    static String receiverUsage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = ReceiverMain.run(new String[] {"--help"}, Map.of(), InputStream.nullInputStream(), out, System.err);
        if (status != 0) {
            throw new IllegalStateException("btrfs-backup-receive --help exited " + status);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Discards what the demo's constructor is given to print (nothing runs here). */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }
    }
}
