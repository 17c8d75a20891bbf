package org.btrfssendbackup.pruner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a quiet prune's one failure line tells the operator to do, per cause. */
class PruneFailureTest {

    static Stream<Arguments> causes() {
        return Stream.of(
                Arguments.of(new SetBusyException("set prod-srv/rootfs is locked by an upload"), "the next run prunes"),
                Arguments.of(new UnknownSetException("no such set prod-srv/rootfs under /mnt"), "check BACKUP_ROOT and BACKUP_SET"),
                Arguments.of(new IOException("/mnt/x: Input/output error"), "fix the cause and run btrfs-backup-prune again"));
    }

    @ParameterizedTest
    @MethodSource("causes")
    void theLineNamesTheSetTheCauseAndWhatToDo(Exception cause, String whatToDo) {
        String line = PruneFailure.summary("prod-srv/rootfs", cause);

        assertThat(line).startsWith("btrfs-backup-prune: prune of set prod-srv/rootfs FAILED: " + cause.getMessage())
                .endsWith("what to do: " + PruneFailure.whatToDo(cause))
                .contains(whatToDo)
                .doesNotContain("\n");
    }
}
