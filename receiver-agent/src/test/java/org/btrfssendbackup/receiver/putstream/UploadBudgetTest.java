package org.btrfssendbackup.receiver.putstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.btrfssendbackup.core.config.UploadLimits;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UploadBudgetTest {

    private static final long TOTAL = 1000L << 20; // a 1000 MiB filesystem: 1% is 10 MiB

    @ParameterizedTest(name = "max {0}, reserve {1}B/{2}%, free {3}: refused {4}")
    @CsvSource({
            // max, reserve bytes, reserve %, usable, refused
            "-1, 0,        1, 11000000, false",
            "-1, 0,        1, 10485760, true",  // exactly at 1%: refused (the upload would go below it)
            "-1, 0,        1, 0,        true",
            "-1, 0,        0, 0,        true",  // no reserve, but a full disk
            "-1, 0,        0, 1,        false",
            "-1, 52428800, 0, 52428801, false",
            "-1, 52428800, 0, 52428800, true",
    })
    void refusedUpFront(long max, long reserveBytes, int reservePercent, long usable, boolean refused) {
        assertThat(budget(max, reserveBytes, reservePercent).refusedUpFront(usable).isPresent()).isEqualTo(refused);
    }

    @ParameterizedTest(name = "max {0}, reserve {1}B/{2}%, read {3}, at statfs {4} with {5} free: cut {6}")
    @CsvSource({
            // max, reserve bytes, reserve %, read, read at statfs, usable at statfs, cut because
            "-1,      0, 0, 1000000001, 0, 1000000000, ''",                // no reserve: the kernel decides
            "1048576, 0, 0, 1048576,  0, 1000000000, ''",                  // exactly the limit is fine
            "1048576, 0, 0, 1048577,  0, 1000000000, MAX_STREAM_BYTES",
            "1048576, 0, 1, 1048577,  0, 1000000000, MAX_STREAM_BYTES",
            "-1,      0, 1, 50000000, 0, 60485760,  ''",                   // 10485760 left: exactly the reserve
            "-1,      0, 1, 50000001, 0, 60485760,  reserve",              // one byte into the reserve
            "-1,      0, 1, 80000000, 70000000, 20485760, ''",             // the pruner freed space meanwhile
            "-1,      0, 1, 70001000, 70000000, 10485759, reserve",        // someone else filled the disk
            "-1, 1000000, 0, 10,       0, 999999,    reserve",
            "-1, 1000000, 0, 10,       0, 1000010,   ''",
    })
    void cut(long max, long reserveBytes, int reservePercent, long read, long readAtStatfs, long usable, String why) {
        var cut = budget(max, reserveBytes, reservePercent).cut(read, readAtStatfs, usable);
        if (why.isEmpty()) {
            assertThat(cut).isEmpty();
        } else {
            assertThat(cut).hasValueSatisfying(reason -> assertThat(reason).contains(why));
        }
    }

    private static UploadBudget budget(long max, long reserveBytes, int reservePercent) {
        return new UploadBudget(new UploadLimits(max < 0 ? OptionalLong.empty() : OptionalLong.of(max), reserveBytes,
                reservePercent), TOTAL);
    }
}
