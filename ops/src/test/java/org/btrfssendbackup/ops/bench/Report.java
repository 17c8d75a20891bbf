package org.btrfssendbackup.ops.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one run and the targets: ours at least 4x the seed pipeline's
 * throughput while storing no more bytes, at least as fast as the tuned pipeline, and the
 * producer within a 64 MiB heap.
 */
record Report(long sendStreamBytes, Measurement limit, Measurement seed, Measurement tuned, Measurement ours,
              List<Measurement> extras, HeapFigures heap) {

    static final double SEED_SPEEDUP_TARGET = 4.0;
    static final double TUNED_SPEEDUP_TARGET = 1.0;
    static final long HEAP_LIMIT_BYTES = 64L << 20;

    /** The producer JVM's heap: its -Xmx and the sum of its heap pools' peaks (an upper bound). */
    record HeapFigures(long maxBytes, long peakUsedBytes, long gcCount) {
    }

    Report {
        extras = List.copyOf(extras);
    }

    double speedupOverSeed() {
        return ours.megabytesPerSecond(sendStreamBytes) / seed.megabytesPerSecond(sendStreamBytes);
    }

    double speedupOverTuned() {
        return ours.megabytesPerSecond(sendStreamBytes) / tuned.megabytesPerSecond(sendStreamBytes);
    }

    double storedRatioToSeed() {
        return (double) ours.storedBytes().orElseThrow() / seed.storedBytes().orElseThrow();
    }

    /** Seed CPU seconds per ours: how much less work ours does, steady under load. */
    double cpuSavingOverSeed() {
        return seed.cpuSeconds() / ours.cpuSeconds();
    }

    boolean meetsSeedTarget() {
        return speedupOverSeed() >= SEED_SPEEDUP_TARGET;
    }

    boolean meetsTunedTarget() {
        return speedupOverTuned() >= TUNED_SPEEDUP_TARGET;
    }

    boolean meetsStoredTarget() {
        return storedRatioToSeed() <= 1.0;
    }

    boolean meetsHeapTarget() {
        return heap.maxBytes() <= HEAP_LIMIT_BYTES && heap.peakUsedBytes() <= HEAP_LIMIT_BYTES;
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "%nsend stream: %,d bytes%n", sendStreamBytes);
        out.printf(Locale.ROOT, "%-58s %8s %8s %8s %8s %8s %14s%n", "variant", "wall s", "MB/s", "CPU s",
                "(send", "recv)", "stored bytes");
        for (Measurement m : all()) {
            out.printf(Locale.ROOT, "%-58s %8.2f %8.1f %8.2f %8.2f %8.2f %14s%n", m.name(), m.wallSeconds(),
                    m.megabytesPerSecond(sendStreamBytes), m.cpuSeconds(), m.senderCpuNanos() / 1e9,
                    m.receiverCpuNanos() / 1e9,
                    m.storedBytes().isPresent() ? String.format(Locale.ROOT, "%,d", m.storedBytes().getAsLong()) : "-");
        }
        out.printf(Locale.ROOT, "producer JVM heap: -Xmx %d MiB, peak used <= %.1f MiB (sum of heap pool peaks), %d GCs%n",
                heap.maxBytes() >> 20, heap.peakUsedBytes() / 1048576.0, heap.gcCount());
        out.printf(Locale.ROOT, "CPU: seed pipeline uses %.2fx the CPU seconds of ours%n", cpuSavingOverSeed());
        out.println();
        out.println(verdict(meetsSeedTarget(), String.format(Locale.ROOT,
                "ours vs seed throughput %.2fx (target >= %.0fx)", speedupOverSeed(), SEED_SPEEDUP_TARGET)));
        out.println(verdict(meetsTunedTarget(), String.format(Locale.ROOT,
                "ours vs tuned throughput %.2fx (target >= %.0fx)", speedupOverTuned(), TUNED_SPEEDUP_TARGET)));
        out.println(verdict(meetsStoredTarget(), String.format(Locale.ROOT,
                "ours vs seed stored bytes %.3f (target <= 1)", storedRatioToSeed())));
        out.println(verdict(meetsHeapTarget(), String.format(Locale.ROOT,
                "producer heap: ran in -Xmx%dm, peak <= %.1f MiB (target <= 64 MiB)", heap.maxBytes() >> 20,
                heap.peakUsedBytes() / 1048576.0)));
    }

    private List<Measurement> all() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(limit, seed, tuned, ours), extras.stream())
                .toList();
    }

    static String verdict(boolean met, String what) {
        return (met ? "MET     " : "MISSED  ") + what;
    }
}
