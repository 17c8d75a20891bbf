package org.btrfssendbackup.ops.bench;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The restore benchmark's figures and issue 18's targets. Each restore variant of ours is
 * paired with the stock pipeline an operator would type for the same files; speed-ups are the
 * stock wall time over ours. The verify and start-up rows are measured apart from the rounds
 * (they read from the page cache and start small processes, see {@link RestoreThroughputBenchmark}).
 *
 * @param streamBytes      the send stream inside the large stored file (MB/s count these)
 * @param storedBytes      the large stored file's size
 * @param chainStreamBytes the send streams of the chain's links together
 * @param restores         per variant key ({@link #VARIANTS}), its measurement
 */
record RestoreReport(long streamBytes, long storedBytes, int chainLinks, long chainStreamBytes,
                     Map<String, Measurement> restores, Measurement verify, Startup startup) {

    static final String DIR = "dir";
    static final String STOCK_DIR = "stock-dir";
    static final String SSH = "ssh";
    static final String STOCK_SSH = "stock-ssh";
    static final String CHAIN = "chain";
    static final String STOCK_CHAIN = "stock-chain";
    /** The timed restore variants, in the order the report lists them (an even count: see VariantOrder). */
    static final List<String> VARIANTS = List.of(DIR, STOCK_DIR, SSH, STOCK_SSH, CHAIN, STOCK_CHAIN);

    static final double SPEEDUP_TARGET = 1.0;
    static final double SPEEDUP_AIM = 1.2;
    static final double VERIFY_TARGET_MB_S = 1000;
    static final double STARTUP_TARGET_SECONDS = 0.2;

    /**
     * Medians of several runs of each start-up measurement, in nanoseconds: the console's
     * {@code --version} against {@code gpg --version} plus {@code btrfs --version}, and a restore
     * of a tiny stored stream by the console against the stock pipeline over the same file.
     */
    record Startup(long consoleVersionNanos, long stockVersionsNanos, long tinyRestoreNanos, long stockTinyRestoreNanos) {
    }

    RestoreReport {
        if (!restores.keySet().containsAll(VARIANTS)) {
            throw new IllegalArgumentException("restore report: variants missing: need " + VARIANTS + ", got "
                    + restores.keySet());
        }
        restores = Map.copyOf(restores);
    }

    /** One report of several rounds: per variant the round with the median wall time (the lower middle for an even count). */
    static RestoreReport medianOf(List<RestoreReport> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no rounds to report");
        }
        RestoreReport first = rounds.get(0);
        Map<String, Measurement> medians = new LinkedHashMap<>();
        for (String variant : VARIANTS) {
            medians.put(variant, median(rounds.stream().map(r -> r.restores().get(variant)).toList()));
        }
        return new RestoreReport(first.streamBytes(), first.storedBytes(), first.chainLinks(), first.chainStreamBytes(),
                medians, first.verify(), first.startup());
    }

    static Measurement median(List<Measurement> runs) {
        List<Measurement> sorted = runs.stream().sorted(Comparator.comparingLong(Measurement::wallNanos)).toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    static long medianNanos(List<Long> runs) {
        List<Long> sorted = runs.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** Stock wall time over ours for a pair of variants: above 1 means ours is faster. */
    double speedup(String ours, String stock) {
        return restores.get(stock).wallSeconds() / restores.get(ours).wallSeconds();
    }

    /** Stored bytes per second verify reads, without the console's start-up (its --version time). */
    double verifyMegabytesPerSecond() {
        double seconds = (verify.wallNanos() - startup.consoleVersionNanos()) / 1e9;
        return seconds <= 0 ? Double.POSITIVE_INFINITY : storedBytes / 1e6 / seconds;
    }

    double versionOverheadSeconds() {
        return (startup.consoleVersionNanos() - startup.stockVersionsNanos()) / 1e9;
    }

    double tinyRestoreOverheadSeconds() {
        return (startup.tinyRestoreNanos() - startup.stockTinyRestoreNanos()) / 1e9;
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "send stream %,d bytes, stored %,d bytes; chain: %d links, %,d stream bytes%n",
                streamBytes, storedBytes, chainLinks, chainStreamBytes);
        out.println("| variant | wall s | MB/s | CPU s |");
        out.println("|---|---|---|---|");
        for (String variant : VARIANTS) {
            Measurement m = restores.get(variant);
            long bytes = variant.contains(CHAIN) ? chainStreamBytes : streamBytes;
            out.printf(Locale.ROOT, "| %s | %.2f | %.0f | %.2f |%n", m.name(), m.wallSeconds(), m.megabytesPerSecond(bytes),
                    m.cpuSeconds());
        }
        out.printf(Locale.ROOT, "| %s | %.2f | %.0f (stored bytes, start-up included) | %.2f |%n", verify.name(),
                verify.wallSeconds(), storedBytes / 1e6 / verify.wallSeconds(), verify.cpuSeconds());
        out.printf(Locale.ROOT, "start-up: console --version %.3f s, gpg --version + btrfs --version %.3f s;"
                        + " tiny restore: console %.3f s, stock pipeline %.3f s%n",
                startup.consoleVersionNanos() / 1e9, startup.stockVersionsNanos() / 1e9,
                startup.tinyRestoreNanos() / 1e9, startup.stockTinyRestoreNanos() / 1e9);
        verdicts().forEach(out::println);
    }

    /** One line per target: the figure, the target and PASS or MISSED. */
    List<String> verdicts() {
        double dir = speedup(DIR, STOCK_DIR);
        double ssh = speedup(SSH, STOCK_SSH);
        double chain = speedup(CHAIN, STOCK_CHAIN);
        double verifyRate = verifyMegabytesPerSecond();
        double version = versionOverheadSeconds();
        double tiny = tinyRestoreOverheadSeconds();
        return List.of(
                speedupVerdict("a. restore --from-dir vs gpg -d | zstd -d | btrfs receive", dir),
                speedupVerdict("b. restore --from-ssh vs ssh get-stream | gpg -d | zstd -d | btrfs receive", ssh),
                speedupVerdict("c. chain of " + chainLinks + " links in one JVM vs the stock loop", chain),
                String.format(Locale.ROOT, "d. verify reads %.0f MB/s of stored streams from page cache, start-up excluded"
                        + " (target >= %.0f MB/s): %s", verifyRate, VERIFY_TARGET_MB_S,
                        verifyRate >= VERIFY_TARGET_MB_S ? "PASS" : "MISSED"),
                String.format(Locale.ROOT, "e. console --version %+.3f s over gpg --version + btrfs --version"
                        + " (target <= %.1f s): %s", version, STARTUP_TARGET_SECONDS,
                        version <= STARTUP_TARGET_SECONDS ? "PASS" : "MISSED"),
                String.format(Locale.ROOT, "e. tiny restore %+.3f s over the stock pipeline (target <= %.1f s): %s",
                        tiny, STARTUP_TARGET_SECONDS, tiny <= STARTUP_TARGET_SECONDS ? "PASS" : "MISSED"));
    }

    private static String speedupVerdict(String what, double speedup) {
        String verdict = speedup >= SPEEDUP_AIM ? "PASS (aim reached)" : speedup >= SPEEDUP_TARGET ? "PASS" : "MISSED";
        return String.format(Locale.ROOT, "%s: %.2fx (target >= %.1fx, aim %.1fx): %s", what, speedup, SPEEDUP_TARGET,
                SPEEDUP_AIM, verdict);
    }
}
