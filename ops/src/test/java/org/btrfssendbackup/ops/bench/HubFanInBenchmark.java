package org.btrfssendbackup.ops.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.btrfssendbackup.broker.BrokerSettings;
import org.btrfssendbackup.core.files.FileTrees;
import org.btrfssendbackup.messages.JsonFormats;

/**
 * Not a test: issue 16's fan-in benchmark (see {@link FanIn}). N simulated prod-srv hosts in
 * this JVM forward through their bridges into one hub, the real broker main in its own JVM
 * with the shipped wrapper's options; per round a burst (every host publishes as fast as it
 * can) and a steady load (a fixed rate per host); then one more burst with the audit consumer
 * paused, for the heap the audit ring costs per event; then the report ({@link FanInReport}).
 * A warm-up burst before the first round is not counted. Run by ops/bench/hub-fanin.sh.
 *
 * <p>Options: --hosts N (50), --burst-events N in all (20000), --steady-rate EVENTS_PER_S per
 * host (1), --steady-seconds S (20), --rounds R (3), --json, --wrapper FILE (the broker's
 * wrapper, for its JVM options; ops/deploy/backup-srv/btrfs-backup-broker).
 */
public final class HubFanInBenchmark {

    private HubFanInBenchmark() {
    }

    /** The benchmark's options, checked. */
    record Options(int hosts, int burstEvents, double steadyRate, int steadySeconds, int rounds, boolean json, Path wrapper) {

        Options {
            if (hosts < 1 || burstEvents < hosts || !(steadyRate > 0) || steadySeconds < 1 || rounds < 1) {
                throw new IllegalArgumentException("hub fan-in benchmark: need --hosts >= 1, --burst-events >= hosts,"
                        + " --steady-rate > 0, --steady-seconds >= 1 and --rounds >= 1; got " + hosts + ", " + burstEvents
                        + ", " + steadyRate + ", " + steadySeconds + ", " + rounds);
            }
        }

        static Options parse(String[] args) {
            int hosts = 50;
            int burst = 20_000;
            double rate = 1;
            int seconds = 20;
            int rounds = 3;
            boolean json = false;
            Path wrapper = Path.of("ops/deploy/backup-srv/btrfs-backup-broker");
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--json")) {
                    json = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("hub fan-in benchmark: " + arg + " needs a value (or is unknown)");
                }
                String value = args[++i];
                switch (arg) {
                    case "--hosts" -> hosts = Integer.parseInt(value);
                    case "--burst-events" -> burst = Integer.parseInt(value);
                    case "--steady-rate" -> rate = Double.parseDouble(value);
                    case "--steady-seconds" -> seconds = Integer.parseInt(value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--wrapper" -> wrapper = Path.of(value);
                    default -> throw new IllegalArgumentException("hub fan-in benchmark: unknown option " + arg);
                }
            }
            return new Options(hosts, burst, rate, seconds, rounds, json, wrapper);
        }

        int burstPerHost() {
            return burstEvents / hosts;
        }

        int steadyPerHost() {
            return (int) Math.max(1, Math.round(steadyRate * steadySeconds));
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        List<String> hubOptions = HubJvm.wrapperOptions(options.wrapper());
        // With --json, stdout carries the JSON document alone; the report goes to stderr.
        PrintStream out = options.json() ? System.err : System.out;
        out.printf(Locale.ROOT, "hub fan-in: %d hosts, burst %d events in all, steady %.1f events/s per host for %d s,"
                        + " %d rounds; hub JVM %s; %d cores, load %s%n", options.hosts(), options.burstPerHost() * options.hosts(),
                options.steadyRate(), options.steadySeconds(), options.rounds(), String.join(" ", hubOptions),
                Runtime.getRuntime().availableProcessors(), loadAverage());
        Path work = Files.createTempDirectory(Path.of("/var/tmp"), "hub-fanin-");
        FanInReport report;
        try {
            report = run(work, options, hubOptions, out);
        } finally {
            FileTrees.deleteTree(work);
        }
        report.print(out);
        out.printf(Locale.ROOT, "load at the end: %s%n", loadAverage());
        if (options.json()) {
            Map<String, Object> json = report.json();
            json.put("load", loadAverage());
            System.out.println(JsonFormats.document().writeValueAsString(json));
        }
    }

    static FanInReport run(Path work, Options options, List<String> hubOptions, PrintStream out) throws Exception {
        long started = System.nanoTime();
        try (FanIn fanIn = FanIn.start(work, options.hosts(), hubOptions)) {
            out.printf(Locale.ROOT, "started the hub (pid %d) and %d hosts in %.1f s; this JVM: %d threads%n",
                    fanIn.hub().pid(), options.hosts(), (System.nanoTime() - started) / 1e9, fanIn.hostThreads());
            fanIn.burst(Math.max(1, options.burstPerHost() / 10)); // warm-up: class loading, JIT, the bridges' first sends
            List<FanInResult> burst = new ArrayList<>();
            List<FanInResult> steady = new ArrayList<>();
            long peakBytes;
            long collections;
            long hostHeapPeak;
            try (HeapPeak peak = HeapPeak.start(fanIn.hub().jmx()); HeapPeak hostsPeak = HeapPeak.start()) {
                for (int round = 1; round <= options.rounds(); round++) {
                    burst.add(progress(out, round, fanIn.burst(options.burstPerHost())));
                    steady.add(progress(out, round, fanIn.steady(options.steadyPerHost(), options.steadyRate())));
                }
                peakBytes = peak.peakBytes();
                collections = peak.collectionsSinceStart();
                hostHeapPeak = hostsPeak.peakBytes();
            }
            long afterLoad = fanIn.hub().heapAfterCollection();
            FanIn.HeldAudit audit = fanIn.heldAudit(options.burstPerHost());
            out.printf(Locale.ROOT, "audit held: %d events, %.0f bytes of hub heap each%n", audit.load().published(),
                    audit.bytesPerEvent());
            FanInReport.HubHeap heap = new FanInReport.HubHeap(fanIn.hub().heapMax(), peakBytes, afterLoad, collections,
                    audit.bytesPerEvent(), BrokerSettings.DEFAULT_AUDIT_RING_SIZE);
            return new FanInReport(options.hosts(), 1, fanIn.hostThreads(), hostHeapPeak, options.steadyRate(), burst, steady,
                    audit.load(), heap);
        }
    }

    private static FanInResult progress(PrintStream out, int round, FanInResult result) {
        out.printf(Locale.ROOT, "round %d %s: %d events, %.0f events/s, p99 %.1f ms, %d missing, %d twice%n", round,
                result.load(), result.published(), result.eventsPerSecond(), result.p99Millis(), result.missing(),
                result.duplicates());
        return result;
    }

    static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).trim().split(" ")).subList(0, 3));
        } catch (IOException e) {
            return "(unknown)";
        }
    }
}
