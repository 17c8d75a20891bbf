package org.btrfssendbackup.ops.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ManPageTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "plain text|plain text",
            "a \\ backslash|a \\e backslash",
            ".starts with a dot|\\&.starts with a dot",
            "'starts with a quote|\\&'starts with a quote",
            "\"  .indented dot\"|\"  .indented dot\""})
    void escapesWhatRoffWouldReadAsControl(String line, String expected) {
        assertThat(ManPage.escaped(line)).isEqualTo(expected);
    }

    @Test
    void thePageHasTheUsageAndASubsectionPerSubcommand() {
        ManPage page = new ManPage("btrfs-backup-console", 1, "1.2.3", "Operator console",
                "Usage: btrfs-backup-console [COMMAND]\n.dot line\n\nCommands:\n  dlq",
                List.of(new ManPage.Subcommand("btrfs-backup-console dlq", "Usage: btrfs-backup-console dlq [COMMAND]"),
                        new ManPage.Subcommand("btrfs-backup-console dlq list", "Usage: btrfs-backup-console dlq list")));
        assertThat(page.fileName()).isEqualTo("btrfs-backup-console.1");
        assertThat(page.roff()).startsWith(".TH \"BTRFS-BACKUP-CONSOLE\" 1 \"\" \"btrfs-send-backup 1.2.3\"")
                .contains(".SH NAME\nbtrfs-backup-console \\- Operator console\n")
                .contains(".SH DESCRIPTION\n.nf\nUsage: btrfs-backup-console [COMMAND]\n\\&.dot line\n\nCommands:\n  dlq\n.fi\n")
                .contains(".SS \"btrfs-backup-console dlq\"\n.nf\nUsage: btrfs-backup-console dlq [COMMAND]\n.fi\n")
                .contains(".SS \"btrfs-backup-console dlq list\"\n");
    }

    @Test
    void aPageWithoutSubcommandsHasNoCommandsSection() {
        assertThat(new ManPage("btrfs-backup-receive", 8, "1", "receiver", "Usage: x", List.of()).roff())
                .doesNotContain(".SH COMMANDS");
    }

    @Test
    void refusesANameThatIsNoCommandAndASectionOutOfRange() {
        assertThatThrownBy(() -> new ManPage("../x", 8, "1", "s", "u", List.of()))
                .hasMessageContaining("man page name");
        assertThatThrownBy(() -> new ManPage("x", 9, "1", "s", "u", List.of()))
                .hasMessageContaining("section 9");
    }
}
