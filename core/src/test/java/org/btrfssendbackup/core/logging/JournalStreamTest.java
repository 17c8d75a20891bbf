package org.btrfssendbackup.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When stderr is the journal (systemd.exec(5): JOURNAL_STREAM names stderr's device and inode), and the prefixes. */
class JournalStreamTest {

    @ParameterizedTest(name = "JOURNAL_STREAM={0}, stderr {1}:{2} -> {3}")
    @CsvSource(nullValues = "null", value = {
        "8:12345,    8, 12345, true",   // stderr is the journal's stream
        "8:12345,    8, 12346, false",  // inherited from a parent, but stderr was redirected elsewhere
        "9:12345,    8, 12345, false",
        "null,       8, 12345, false",  // not started by systemd with the journal
        "'',         8, 12345, false",
        "8,          8, 12345, false",
        "8:,         8, 12345, false",
        ":12345,     8, 12345, false",
        "8:12345:1,  8, 12345, false",
        "x:12345,    8, 12345, false",
        "-8:12345,   8, 12345, false",
        "18446744073709551615:1, -1, 1, true"}) // st_dev is unsigned: the largest value is -1 as a Java long
    void onlyTheDeviceAndInodeOfStderrCount(String variable, long device, long inode, boolean journal) {
        assertThat(JournalStream.names(variable, device, inode)).isEqualTo(journal);
    }

    @ParameterizedTest
    @CsvSource({"ERROR, <3>", "WARN, <4>", "INFO, <6>", "DEBUG, <7>", "TRACE, <7>"})
    void eachLevelHasItsSyslogPriority(String level, String prefix) {
        assertThat(JournalStream.prefix(Level.toLevel(level))).isEqualTo(prefix);
    }
}
