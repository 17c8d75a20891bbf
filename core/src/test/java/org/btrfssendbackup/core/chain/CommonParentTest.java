package org.btrfssendbackup.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommonParentTest {

    private static final List<RestorePoint> LOCAL = List.of(
            RestorePoint.snapshot("b-newest", Instant.parse("2026-03-03T02:00:00Z")),
            RestorePoint.snapshot("z-oldest", Instant.parse("2026-03-01T02:00:00Z")),
            RestorePoint.snapshot("m-middle", Instant.parse("2026-03-02T02:00:00Z")));

    @Test
    void newestSharedIsChosenByTimeNotByName() {
        assertThat(CommonParent.newestShared(LOCAL, Set.of("z-oldest", "m-middle", "only-remote")))
                .map(RestorePoint::name).contains("m-middle");
    }

    @Test
    void nothingSharedMeansFull() {
        assertThat(CommonParent.newestShared(LOCAL, Set.of("only-remote"))).isEmpty();
        assertThat(CommonParent.newestShared(List.of(), Set.of("z-oldest"))).isEmpty();
    }
}
