package org.btrfssendbackup.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.btrfssendbackup.broker.BrokerMain;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.version.ProductVersion;
import org.btrfssendbackup.core.version.ProgramVersion;
import org.btrfssendbackup.ops.console.Terminal;
import org.btrfssendbackup.ops.demo.BackupCycleDemo;
import org.btrfssendbackup.producer.ProducerMain;
import org.btrfssendbackup.pruner.PruneMain;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Renders the usage help of every command a user runs (producer, pruner, broker, console, demo) and
 * of each of their subcommands, and checks what picocli makes of it: the summary in a parent's
 * command list is its first description line, so that line must be a whole, short sentence.
 */
class CommandHelpTest {

    private static final int MAX_SUMMARY = 100;

    private static List<CommandLine> roots() {
        return List.of(
                new CommandLine(new ProducerMain()),
                PruneMain.commandLine(Map.of()),
                new CommandLine(new BrokerMain()),
                OpsMain.commandLine(new ConsoleEnvironment(Map.of(), Clock.systemUTC(), Terminal.none())),
                BackupCycleDemo.commandLine(System.out, System.err));
    }

    private static List<CommandLine> everyCommand() {
        List<CommandLine> all = new ArrayList<>();
        roots().forEach(root -> collect(root, all));
        return all;
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
    }

    private static boolean isPicocliHelp(CommandLine command) {
        return command.getCommand() instanceof CommandLine.HelpCommand;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    @Test
    void everySubcommandSummaryIsOneWholeShortSentenceShownUncut() {
        List<String> problems = new ArrayList<>();
        for (CommandLine parent : everyCommand()) {
            String parentHelp = oneLine(parent.getUsageMessage(CommandLine.Help.Ansi.OFF));
            parent.getSubcommands().forEach((name, sub) -> {
                // picocli's command list shows a subcommand's header, else its first description line.
                String[] header = sub.getCommandSpec().usageMessage().header();
                String[] description = header.length > 0 ? header : sub.getCommandSpec().usageMessage().description();
                String where = sub.getCommandSpec().qualifiedName();
                if (description.length == 0) {
                    problems.add(where + ": no description");
                    return;
                }
                String summary = oneLine(description[0]);
                if (!(summary.endsWith(".") || summary.endsWith(")"))) {
                    problems.add(where + ": summary is not a whole sentence: " + summary);
                }
                if (summary.length() > MAX_SUMMARY) {
                    problems.add(where + ": summary longer than " + MAX_SUMMARY + " characters: " + summary);
                }
                if (!parentHelp.contains(summary)) {
                    problems.add(where + ": summary not shown whole in " + parent.getCommandName() + "'s help: " + summary);
                }
            });
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyCommandHasHelpAndVersionWithTheOneVersionString() {
        List<String> problems = new ArrayList<>();
        for (CommandLine command : everyCommand()) {
            if (isPicocliHelp(command)) {
                continue; // picocli's own `help` subcommand: --help only, by design
            }
            var spec = command.getCommandSpec();
            for (String option : List.of("--help", "--version")) {
                if (spec.findOption(option) == null) {
                    problems.add(spec.qualifiedName() + ": no " + option);
                }
            }
            // The one version string: ProgramVersion's line with the program's name, for a subcommand too.
            if (!(spec.versionProvider() instanceof ProgramVersion)) {
                problems.add(spec.qualifiedName() + ": version not from ProgramVersion: " + List.of(spec.version()));
            }
            java.io.StringWriter printed = new java.io.StringWriter();
            command.printVersionHelp(new java.io.PrintWriter(printed, true));
            String expected = spec.root().name() + " " + ProductVersion.VERSION;
            if (!printed.toString().strip().equals(expected)) {
                problems.add(spec.qualifiedName() + ": --version prints '" + printed.toString().strip() + "', not '"
                        + expected + "'");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void restoreAndVerifyOfferNoBrokerOptionsButTheBrokerCommandsDo() {
        CommandLine console = roots().get(3);
        for (String offline : List.of("restore", "verify", "list")) {
            CommandLine command = console.getSubcommands().get(offline);
            String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            for (String option : OpsMain.BROKER_OPTIONS) {
                assertThat(command.getCommandSpec().findOption(option)).as(offline + " " + option).isNull();
                assertThat(help).as(offline + " help").doesNotContain(option);
            }
            assertThat(command.getCommandSpec().findOption("--json")).as(offline + " --json").isNotNull();
        }
        CommandLine eventsList = console.getSubcommands().get("events").getSubcommands().get("list");
        OpsMain.BROKER_OPTIONS.forEach(option ->
                assertThat(eventsList.getCommandSpec().findOption(option)).as("events list " + option).isNotNull());
    }

    @Test
    void aBrokerOptionGivenToRestoreIsAUsageError() {
        java.io.StringWriter err = new java.io.StringWriter();
        int status = OpsMain.run(new ConsoleEnvironment(Map.of(), Clock.systemUTC(), Terminal.none()),
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err, true),
                "restore", "--broker", "tcp://127.0.0.1:1", "--from-dir", "/nonexistent", "--passphrase-file", "/x",
                "--target", "/y");
        assertThat(status).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--broker");
    }

    /**
     * A description given as several lines is printed line by line, and picocli wraps a line
     * longer than the help's width on its own: when the next line goes on with the same sentence,
     * the paragraph breaks raggedly after a word or two (restore's help did). A line that ends a
     * sentence may be a whole paragraph, which picocli wraps well; any other line fits the width.
     */
    @Test
    void descriptionLinesAfterTheSummaryFitTheHelpWidth() {
        List<String> problems = new ArrayList<>();
        for (CommandLine command : everyCommand()) {
            if (isPicocliHelp(command)) {
                continue;
            }
            int width = command.getCommandSpec().usageMessage().width();
            String[] description = command.getCommandSpec().usageMessage().description();
            for (int i = 1; i < description.length; i++) {
                String line = String.format(description[i].replace("%n", ""));
                boolean endsSentence = line.endsWith(".") || line.endsWith(":") || line.endsWith(".)");
                if (line.length() > width && !endsSentence) {
                    problems.add(command.getCommandSpec().qualifiedName() + ": " + line.length() + " > " + width + ": " + line);
                }
            }
        }
        assertThat(problems).isEmpty();
    }
}
