package org.btrfssendbackup.producer.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.protocol.ListReplyLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FreeSpaceCheckTest {

    private static final SnapshotName F1 = SnapshotName.parse("prod-srv-rootfs-20260301T020500Z");
    private static final SnapshotName I1 = SnapshotName.parse("prod-srv-rootfs-20260302T020500Z");
    private static final SnapshotName F2 = SnapshotName.parse("prod-srv-rootfs-20260303T020500Z");
    private static final SnapshotName I2 = SnapshotName.parse("prod-srv-rootfs-20260304T020500Z");

    private static final List<ListReplyLine.Stream> STORED = List.of(
            stored(F1, StreamKind.FULL, 900), stored(I1, StreamKind.INCR, 50),
            stored(F2, StreamKind.FULL, 1000), stored(I2, StreamKind.INCR, 70),
            ListReplyLine.Stream.ofFields(SnapshotName.parse("prod-srv-rootfs-20260305T020500Z"), StreamKind.INCR,
                    Optional.of(I2), OptionalLong.empty(), Optional.empty()));

    @Test
    void theExpectedSizeIsTheNewestStoredStreamOfTheSameKindWithASize() {
        assertThat(FreeSpaceCheck.expectedBytes(StreamKind.FULL, STORED)).hasValue(1000);
        assertThat(FreeSpaceCheck.expectedBytes(StreamKind.INCR, STORED)).as("the one without a size is skipped")
                .hasValue(70);
        assertThat(FreeSpaceCheck.expectedBytes(StreamKind.INCR, List.of(stored(F1, StreamKind.FULL, 9)))).isEmpty();
        assertThat(FreeSpaceCheck.expectedBytes(StreamKind.FULL, List.of())).isEmpty();
    }

    static Stream<Arguments> verdicts() {
        return Stream.of(
                Arguments.of(OptionalLong.of(1000), OptionalLong.of(999), true),
                Arguments.of(OptionalLong.of(1000), OptionalLong.of(1000), false),
                Arguments.of(OptionalLong.of(1000), OptionalLong.of(5000), false),
                Arguments.of(OptionalLong.empty(), OptionalLong.of(0), false),
                Arguments.of(OptionalLong.of(1000), OptionalLong.empty(), false));
    }

    @ParameterizedTest(name = "expected {0}, free {1}: refused {2}")
    @MethodSource("verdicts")
    void refusesOnlyWhatClearlyWillNotFit(OptionalLong expected, OptionalLong free, boolean refused) {
        Optional<String> problem = FreeSpaceCheck.problem(expected, free);
        assertThat(problem.isPresent()).isEqualTo(refused);
        problem.ifPresent(p -> assertThat(p).startsWith("no space left on backup-srv: ")
                .contains(free.getAsLong() + " bytes free", expected.getAsLong() + " bytes needed"));
    }

    private static ListReplyLine.Stream stored(SnapshotName name, StreamKind kind, long bytes) {
        return ListReplyLine.Stream.ofFields(name, kind, kind == StreamKind.FULL ? Optional.empty() : Optional.of(F1),
                OptionalLong.of(bytes), Optional.of("a".repeat(64)));
    }
}
