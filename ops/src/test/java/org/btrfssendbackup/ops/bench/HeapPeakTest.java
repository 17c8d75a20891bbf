package org.btrfssendbackup.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapPeakTest {

    private static final int GARBAGE_BYTES = 64 << 20;

    /** Where the garbage lives while it is reachable: a field, so that it is really allocated. */
    private static volatile byte[] held;

    /**
     * Garbage that a collection frees counts: it was in use until the collection, and only the
     * collection's notification saw it (at the start and at the end the heap holds far less).
     */
    @Test
    void garbageFreedByACollectionStillCountsTowardsThePeak() {
        System.gc();
        try (HeapPeak peak = HeapPeak.start()) {
            long atStart = usedNow();
            held = new byte[GARBAGE_BYTES];
            held[GARBAGE_BYTES - 1] = 1;
            held = null;
            System.gc();

            assertThat(usedNow()).as("the garbage is gone again").isLessThan(atStart + GARBAGE_BYTES / 2);
            assertThat(peak.collectionsSinceStart()).isPositive();
            assertThat(peak.peakBytes()).isGreaterThanOrEqualTo(atStart + GARBAGE_BYTES - (1 << 20))
                    .isLessThanOrEqualTo(Runtime.getRuntime().maxMemory());
        }
    }

    @Test
    void withoutACollectionThePeakIsTheHeapInUseNow() {
        System.gc();
        try (HeapPeak peak = HeapPeak.start()) {
            held = new byte[8 << 20];
            long used = usedNow();

            assertThat(peak.peakBytes()).isGreaterThanOrEqualTo(8 << 20).isGreaterThanOrEqualTo(used - (4 << 20));
        } finally {
            held = null;
        }
    }

    private static long usedNow() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
