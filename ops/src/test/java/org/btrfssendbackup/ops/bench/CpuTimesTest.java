package org.btrfssendbackup.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CpuTimesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0m0.000s 0m0.000s | 0",
            "0m12.340s 0m1.020s | 13360000000",
            "2m0.500s 1m1.250s | 181750000000",
            "0m0s 0m1s | 1000000000"})
    void bashTimesChildrenLineIsUserPlusSystem(String childrenLine, long nanos) {
        assertThat(CpuTimes.childrenNanosFromTimes(List.of("0m0.003s 0m0.001s", childrenLine))).isEqualTo(nanos);
    }

    @Test
    void bashTimesNeedsBothLines() {
        assertThatThrownBy(() -> CpuTimes.childrenNanosFromTimes(List.of("0m0.003s 0m0.001s")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two lines");
        assertThatThrownBy(() -> CpuTimes.childrenNanosFromTimes(List.of("x", "12.3 4.5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12.3");
    }

    @Test
    void procStatReapedChildrenAreCutimePlusCstimeEvenWithParenthesesInTheName() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
        String stat = "4242 (sshd: a (b) c) S 1 4242 4242 0 -1 4194560 900 8000 0 3 11 22 345 67 20 0 1 0 100 0";
        assertThat(CpuTimes.reapedChildrenNanosFromStat(stat)).isEqualTo((345 + 67) * 10_000_000L);
    }

    @Test
    void thisJvmsOwnStatParses() throws Exception {
        long pid = ProcessHandle.current().pid();
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
        assertThat(CpuTimes.reapedChildrenNanosFromStat(stat)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void procStatOwnCpuIsUtimePlusStimeAndTheNameSitsBetweenTheParentheses() {
        String stat = "4243 (encode-feed (x)) R 1 4242 4242 0 -1 4194560 900 8000 0 3 11 22 345 67 20 0 1 0 100 0";
        assertThat(CpuTimes.ownNanosFromStat(stat)).isEqualTo((11 + 22) * 10_000_000L);
        assertThat(CpuTimes.nameFromStat(stat)).isEqualTo("encode-feed (x)");
    }
}
