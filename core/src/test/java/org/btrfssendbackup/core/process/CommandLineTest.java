package org.btrfssendbackup.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandLineTest {

    @Test
    void argvIsCopiedAndImmutable() {
        List<String> source = new ArrayList<>(List.of("btrfs", "send"));
        CommandLine c = CommandLine.of(source);
        source.add("evil");
        assertThat(c.argv()).containsExactly("btrfs", "send");
        assertThatThrownBy(() -> c.argv().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsEmptyNullAndNul() {
        assertThatThrownBy(() -> CommandLine.of(List.of())).hasMessageContaining("argv is empty");
        assertThatThrownBy(() -> CommandLine.of(Arrays.asList("btrfs", null))).hasMessageContaining("argv[1] is null");
        assertThatThrownBy(() -> CommandLine.of("btrfs", "a\0b")).hasMessageContaining("argv[1] contains a NUL");
        assertThatThrownBy(() -> CommandLine.of("")).hasMessageContaining("program name");
    }

    @Test
    void rejectsBadEnvironmentAndTimeout() {
        assertThatThrownBy(() -> CommandLine.of("x").withEnvironment("A B", "v")).hasMessageContaining("A B");
        assertThatThrownBy(() -> CommandLine.of("x").withTimeout(Duration.ZERO)).hasMessageContaining("positive");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "btrfs,send,-p,/mnt/a b    | btrfs send -p '/mnt/a b'",
            "sh,-c,echo 'hi'           | sh -c 'echo '\\''hi'\\'''",
            "ssh,-o,BatchMode=yes,u@h  | ssh -o BatchMode=yes u@h",
    })
    void toStringQuotesForDisplay(String argv, String expected) {
        assertThat(CommandLine.of(argv.trim().split(",")).toString()).isEqualTo(expected.trim());
    }

    @Test
    void operationDefaultsToProgramAndAcceptedStatusesGrow() {
        CommandLine c = CommandLine.of("mountpoint", "-q", "/mnt");
        assertThat(c.operation()).isEqualTo("mountpoint");
        assertThat(c.accepts(1)).isFalse();
        CommandLine d = c.acceptingExitStatus(1).describedAs("check mount");
        assertThat(d.accepts(0)).isTrue();
        assertThat(d.accepts(1)).isTrue();
        assertThat(d.operation()).isEqualTo("check mount");
        assertThat(d.append("x").argv()).containsExactly("mountpoint", "-q", "/mnt", "x");
    }

    /** A real sh reads the quoted word back as the very value, whatever it holds. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "plain", "with space", "it's", "'", "$HOME `id` \\ \"*\""})
    void shellQuotedIsOneWordThatShReadsBackUnchanged(String value) {
        CommandResult printed = new LocalProcessRunner().run(
                CommandLine.of("sh", "-c", "printf %s " + CommandLine.shellQuoted(value)));
        assertThat(printed.stdoutText()).isEqualTo(value);
    }
}
