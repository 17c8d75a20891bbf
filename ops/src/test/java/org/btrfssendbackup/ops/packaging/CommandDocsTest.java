package org.btrfssendbackup.ops.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.CommandResult;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.StdinSource;
import org.btrfssendbackup.core.testing.SystemTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The man pages and completions the Debian package ships, generated from the real commands. */
class CommandDocsTest {

    static final Set<String> COMMANDS = Set.of("btrfs-send-backup", "btrfs-backup-receive", "btrfs-backup-prune",
            "btrfs-backup-broker", "btrfs-backup-demo", "btrfs-backup-console", "btrfs-backup-web");

    @TempDir
    Path dir;

    @Test
    void everyCommandGetsAPageAndACompletion() throws IOException {
        CommandDocs.write(dir, "9.9");
        Set<String> pages = new HashSet<>();
        try (var files = Files.list(dir.resolve("man"))) {
            files.forEach(f -> pages.add(f.getFileName().toString()));
        }
        assertThat(pages).containsExactlyInAnyOrder("btrfs-send-backup.8", "btrfs-backup-receive.8",
                "btrfs-backup-prune.8", "btrfs-backup-broker.8", "btrfs-backup-demo.8", "btrfs-backup-console.1",
                "btrfs-backup-web.8");
        for (String command : COMMANDS) {
            // sourced by bash-completion, never run: no "#!" line (lintian warns about one)
            assertThat(Files.readString(dir.resolve("completion").resolve(command))).as(command)
                    .isNotBlank().doesNotStartWith("#!");
        }
    }

    @Test
    void everyVisibleSubcommandHasItsSectionInItsCommandsPage() throws IOException {
        CommandDocs.write(dir, "9.9");
        for (CommandDocs.Command command : CommandDocs.picocliCommands()) {
            String page = Files.readString(dir.resolve("man").resolve(command.name() + "." + command.section()));
            for (var sub : command.commandLine().getSubcommands().values()) {
                if (!sub.getCommandSpec().usageMessage().hidden()) {
                    assertThat(page).as(command.name()).contains(".SS \"" + command.name() + " " + sub.getCommandName() + "\"");
                }
            }
        }
        String console = Files.readString(dir.resolve("man/btrfs-backup-console.1"));
        assertThat(console).contains(".SS \"btrfs-backup-console dlq list\"").contains("--broker=URL");
        assertThat(Files.readString(dir.resolve("man/btrfs-backup-receive.8"))).contains("--sets PATTERNS");
        assertThat(Files.readString(dir.resolve("man/btrfs-backup-web.8")))
                .contains(".SS \"btrfs-backup-web add-user\"").contains("--password-file=FILE");
    }

    /**
     * A help text serves both install ways: a page that names a command under /usr/local (the
     * paths of ops/install.sh) also names it where the Debian package puts it, and the other way
     * round (the receiver's help once gave only /usr/local/sbin for the sudo line).
     */
    @Test
    void everyInstallPathAPageNamesIsGivenForBothInstallWays() throws IOException {
        CommandDocs.write(dir, "9.9");
        Pattern installed = Pattern.compile("/usr/(local/)?(s?bin)/(btrfs-[a-z-]+)");
        try (var files = Files.list(dir.resolve("man"))) {
            for (Path page : files.toList()) {
                String text = Files.readString(page);
                Matcher m = installed.matcher(text);
                while (m.find()) {
                    String packaged = "/usr/" + m.group(2) + "/" + m.group(3);
                    String local = "/usr/local/" + m.group(2) + "/" + m.group(3);
                    assertThat(text).as(page.getFileName() + " names " + m.group()).contains(packaged).contains(local);
                }
            }
        }
        assertThat(Files.readString(dir.resolve("man/btrfs-backup-receive.8")))
                .contains("/usr/sbin/btrfs-backup-receive").contains("/usr/local/sbin/btrfs-backup-receive");
    }

    @Test
    void everyPageRendersWithoutWarningsAndEveryCompletionLoadsInBash() throws IOException {
        SystemTests.assumeTool("man");
        SystemTests.assumeTool("bash");
        CommandDocs.write(dir, "9.9");
        try (var files = Files.list(dir.resolve("man"))) {
            for (Path page : files.toList()) {
                CommandResult shown = run(CommandLine.of("man", "--warnings", "-l", page.toString())
                        .withEnvironment("MANPAGER", "cat").withEnvironment("MANWIDTH", "100"));
                assertThat(shown.stderrTail()).as(page.toString()).isEmpty();
                assertThat(shown.stdoutText()).as(page.toString()).contains("NAME").contains("Usage:");
            }
        }
        for (String command : COMMANDS) {
            Path completion = dir.resolve("completion").resolve(command);
            CommandResult loaded = run(CommandLine.of("bash", "-c", "source \"$1\" && complete -p " + command, "bash",
                    completion.toString()));
            assertThat(loaded.stdoutText()).as(command).contains(command);
        }
    }

    private static CommandResult run(CommandLine command) {
        return new LocalProcessRunner().run(command.withTimeout(Duration.ofSeconds(60)), StdinSource.none());
    }
}
