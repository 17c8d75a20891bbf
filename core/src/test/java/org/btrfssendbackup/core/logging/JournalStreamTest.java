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

    @ParameterizedTest(name = "journal {1}: {0}")
    @CsvSource(delimiter = '|', value = {
        "backup failed: ssh: connection reset | true  | <3>backup failed: ssh: connection reset",
        "backup failed: ssh: connection reset | false | backup failed: ssh: connection reset",
        "line one\\nline two                  | true  | <3>line one\\n<3>line two",
        "line one\\nline two                  | false | line one\\nline two"})
    void aFailureLineCarriesTheErrorPriorityOnEachLineOnlyOnTheJournal(String text, boolean journal, String expected) {
        assertThat(JournalStream.failure(text.replace("\\n", "\n"), journal)).isEqualTo(expected.replace("\\n", "\n"));
    }

    /** JOURNAL_STREAM from a command's own environment map, compared with this process's real stderr. */
    @org.junit.jupiter.api.Test
    void theEnvironmentMapNamesTheStreamOrNot() throws Exception {
        java.nio.file.Path stderr = JournalStream.STDERR;
        long device = ((Number) java.nio.file.Files.getAttribute(stderr, "unix:dev")).longValue();
        long inode = ((Number) java.nio.file.Files.getAttribute(stderr, "unix:ino")).longValue();

        assertThat(JournalStream.isStderr(java.util.Map.of(JournalStream.VARIABLE,
                Long.toUnsignedString(device) + ":" + Long.toUnsignedString(inode)))).isTrue();
        assertThat(JournalStream.isStderr(java.util.Map.of(JournalStream.VARIABLE,
                Long.toUnsignedString(device) + ":" + Long.toUnsignedString(inode + 1)))).isFalse();
        assertThat(JournalStream.isStderr(java.util.Map.of())).isFalse();
    }
}
