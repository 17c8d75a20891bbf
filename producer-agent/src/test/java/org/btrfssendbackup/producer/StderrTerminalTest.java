package org.btrfssendbackup.producer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Progress only on a terminal: what stderr points at decides, not System.console() (stdin and stdout). */
class StderrTerminalTest {

    @ParameterizedTest
    @CsvSource({
        "/dev/pts/3, true", "/dev/tty1, true", "/dev/ttyS0, true", "/dev/console, true",
        "/dev/null, false", "pipe:[123456], false", "socket:[98765], false", "/var/log/backup.log, false",
        "/dev/pts, false"})
    void onlyATerminalDeviceIsATerminal(String target, boolean terminal) {
        assertThat(StderrTerminal.isTerminal(target)).isEqualTo(terminal);
    }
}
