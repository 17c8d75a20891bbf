package org.btrfssendbackup.ops.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one run and the targets: ours at least 4x the seed pipeline's
 * throughput while storing no more bytes, at least as fast as the tuned pipeline, and the
 * producer within a 64 MiB heap. The verdicts judge ours as the one-shot run (cron) does it: a
 * fresh JVM against the pipelines exactly as the issue writes them. Two more rows put it in
 * context, with ratios but no verdict: the tuned pipeline made as durable as the receiver (it
 * fsyncs the file before answering; {@code ssh cat} does not), and ours in the service's JVM
 * (its second night: classes loaded and code compiled).
 */
record Report(long sendStreamBytes, Measurement limit, Measurement seed, Measurement tuned, Measurement tunedDurable,
              Measurement ours, Measurement oursService, HeapFigures heap) {

    static final double SEED_SPEEDUP_TARGET = 4.0;
    static final double TUNED_SPEEDUP_TARGET = 1.0;
    static final long HEAP_LIMIT_BYTES = 64L << 20;

    /** The producer JVM's heap: its -Xmx, the most it had in use during the send ({@link HeapPeak}), its GCs. */
    record HeapFigures(long maxBytes, long peakUsedBytes, long gcCount) {
    }

    /**
     * One report of several rounds: per variant, the round with the median wall time (the lower
     * middle for an even count); the heap figures of the round that peaked highest.
     */
    static Report medianOf(List<Report> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no rounds to report");
        }
        Report first = rounds.get(0);
        return new Report(first.sendStreamBytes(), median(rounds, Report::limit), median(rounds, Report::seed),
                median(rounds, Report::tuned), median(rounds, Report::tunedDurable), median(rounds, Report::ours),
                median(rounds, Report::oursService), rounds.stream().map(Report::heap)
                        .max(java.util.Comparator.comparingLong(HeapFigures::peakUsedBytes)).orElseThrow());
    }

    private static Measurement median(List<Report> rounds, java.util.function.Function<Report, Measurement> variant) {
        List<Measurement> sorted = rounds.stream().map(variant)
                .sorted(java.util.Comparator.comparingLong(Measurement::wallNanos)).toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    /**
     * Ours over tuned in each round, in round order, and their median (the mean of the middle two
     * for an even count). Each round measures the two minutes apart, so this pairing cancels the
     * machine's drift between rounds, which the medians of the variants' own times do not.
     */
    static String tunedSpeedupPerRound(List<Report> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no rounds to report");
        }
        List<Double> ratios = rounds.stream().map(Report::speedupOverTuned).toList();
        List<Double> sorted = ratios.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        StringBuilder line = new StringBuilder("ours vs tuned, round by round:");
        ratios.forEach(r -> line.append(String.format(Locale.ROOT, " %.2f", r)));
        return line.append(String.format(Locale.ROOT, " (median %.3fx, lowest %.2f, highest %.2f)", median,
                sorted.get(0), sorted.get(n - 1))).toString();
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
        out.printf(Locale.ROOT, "producer JVM heap: -Xmx %d MiB, peak in use %.1f MiB (before each GC and at the end), %d GCs%n",
                heap.maxBytes() >> 20, heap.peakUsedBytes() / 1048576.0, heap.gcCount());
        out.printf(Locale.ROOT, "CPU: seed pipeline uses %.2fx the CPU seconds of ours%n", cpuSavingOverSeed());
        out.println();
        out.println(verdict(meetsSeedTarget(), String.format(Locale.ROOT,
                "ours vs seed throughput %.2fx (target >= %.0fx)", speedupOverSeed(), SEED_SPEEDUP_TARGET)));
        out.println(verdict(meetsTunedTarget(), String.format(Locale.ROOT,
                "ours vs tuned throughput %.2fx (target >= %.0fx)", speedupOverTuned(), TUNED_SPEEDUP_TARGET)));
        out.printf(Locale.ROOT, "        ours vs tuned, durable: %.2fx%n", ratio(ours, tunedDurable));
        out.printf(Locale.ROOT, "        service (second send in one JVM): %.2fx the seed, %.2fx tuned, %.2fx tuned durable%n",
                ratio(oursService, seed), ratio(oursService, tuned), ratio(oursService, tunedDurable));
        out.println(verdict(meetsStoredTarget(), String.format(Locale.ROOT,
                "ours vs seed stored bytes %.3f (target <= 1)", storedRatioToSeed())));
        out.println(verdict(meetsHeapTarget(), String.format(Locale.ROOT,
                "producer heap: ran in -Xmx%dm, peak in use %.1f MiB (target <= 64 MiB)", heap.maxBytes() >> 20,
                heap.peakUsedBytes() / 1048576.0)));
    }

    private List<Measurement> all() {
        return List.of(limit, seed, tuned, tunedDurable, ours, oursService);
    }

    /** Throughput of {@code a} over that of {@code b}. */
    double ratio(Measurement a, Measurement b) {
        return a.megabytesPerSecond(sendStreamBytes) / b.megabytesPerSecond(sendStreamBytes);
    }

    static String verdict(boolean met, String what) {
        return (met ? "MET     " : "MISSED  ") + what;
    }
}
