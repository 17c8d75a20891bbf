package org.btrfssendbackup.producer.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.producer.state.PendingRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProtectedSnapshotsTest {

    private static final SnapshotName S1 = SnapshotName.parse("p-20260301T020500Z");
    private static final SnapshotName S2 = SnapshotName.parse("p-20260302T020500Z");
    private static final SnapshotName S3 = SnapshotName.parse("p-20260303T020500Z");
    private static final Instant T = Instant.parse("2026-03-03T02:05:00Z");

    static Stream<Arguments> cases() {
        PendingRun.Entry pendingS3 = new PendingRun.Entry("run-c", S3, T);
        return Stream.of(
                Arguments.of("no pending run", S2, Optional.of(S2), Optional.empty(), new String[]{S2.value()}),
                Arguments.of("state file behind the confirmed one", S2, Optional.of(S1), Optional.empty(),
                        new String[]{S1.value(), S2.value()}),
                Arguments.of("pending run, parent not known yet", S2, Optional.of(S2), Optional.of(pendingS3),
                        new String[]{S2.value(), S3.value()}),
                // The recovery run after a crash planned S3 on S1 while the crashed run's S2 completes.
                Arguments.of("pending run's parent", S2, Optional.of(S2), Optional.of(pendingS3.withParent(S1.value())),
                        new String[]{S1.value(), S2.value(), S3.value()}),
                Arguments.of("pending run's parent kept with its sha recorded", S2, Optional.of(S2),
                        Optional.of(pendingS3.withParent(S1.value()).withSentSha256("ab".repeat(32))),
                        new String[]{S1.value(), S2.value(), S3.value()}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void protects(String name, SnapshotName confirmed, Optional<SnapshotName> lastSent,
                  Optional<PendingRun.Entry> pending, String[] expected) {
        assertThat(ProtectedSnapshots.afterConfirming(confirmed, lastSent, pending)).containsExactlyInAnyOrder(expected);
    }
}
