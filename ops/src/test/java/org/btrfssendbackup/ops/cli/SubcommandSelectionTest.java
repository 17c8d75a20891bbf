package org.btrfssendbackup.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.btrfssendbackup.ops.console.Terminal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SubcommandSelectionTest {

    /** args (space-separated, '_' for none) and the subcommands built ('*' every one, '_' none). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "restore --from-dir /srv/x,         restore",
            "--json status,                     status",
            "--broker tcp://hub:61617 events list, events",
            "--broker=tcp://hub:61617 --verbose dlq list, dlq",
            "--user op --password-file /p run --host web1, run",
            "request --host web1,               run",
            "--version,                         _",
            "-V,                                _",
            "_,                                 *",
            "--help,                            *",
            "-h restore,                        *",
            "--version --help,                  *",
            "restor,                            *",
            "--json,                            *",
            "--no-such-option status,           *",
    })
    void theSubcommandTheArgumentsNameIsTheOnlyOneBuilt(String args, String expected) {
        String[] argv = args.equals("_") ? new String[0] : args.trim().split(" +");
        List<String> built = SubcommandSelection.of(argv).subcommands().stream()
                .map(c -> c.getAnnotation(picocli.CommandLine.Command.class).name()).toList();
        List<String> want = switch (expected.trim()) {
            case "*" -> SubcommandSelection.ALL.stream()
                    .map(c -> c.getAnnotation(picocli.CommandLine.Command.class).name()).toList();
            case "_" -> List.of();
            default -> List.of(expected.trim());
        };
        assertThat(built).isEqualTo(want);
    }

    @Test
    void theTreeForOneCommandHasOnlyItAndKeepsItsOfflineOptionsOff() {
        ConsoleEnvironment env = new ConsoleEnvironment(Map.of(), Clock.systemUTC(), Terminal.none());
        var restore = OpsMain.commandLine(env, "restore", "--help");
        assertThat(restore.getSubcommands()).containsOnlyKeys("restore");
        assertThat(restore.getSubcommands().get("restore").getCommandSpec().findOption("--broker")).isNull();
        var status = OpsMain.commandLine(env, "status");
        assertThat(status.getSubcommands()).containsOnlyKeys("status");
        assertThat(status.getSubcommands().get("status").getCommandSpec().findOption("--broker")).isNotNull();
        assertThat(OpsMain.commandLine(env).getSubcommands()).hasSize(SubcommandSelection.ALL.size() + 1);  // + the alias
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "restore --from-dir /x --target /y | true",   // the console warms JCE up for it
        "--json restore --help                | true",
        "verify --backup-root /b              | false",
        "--version                            | false",
        "--help                               | false",
        "restor                               | false"}) // a typo builds every command
    void onlyTellsWhetherExactlyThatCommandWasNamed(String args, boolean restore) {
        assertThat(SubcommandSelection.of(args.trim().split(" +")).only(RestoreCommand.class)).isEqualTo(restore);
    }
}
