package org.btrfssendbackup.ops.bench;

import static org.btrfssendbackup.ops.bench.TimedShell.quote;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.btrfssendbackup.core.config.SshTimeouts;
import org.btrfssendbackup.core.files.FileTrees;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.lab.LoopbackSshd;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.testing.SystemTests;
import org.btrfssendbackup.core.tools.Btrfs;
import org.btrfssendbackup.core.tools.CliBtrfs;
import org.btrfssendbackup.core.tools.SshArgs;
import org.btrfssendbackup.core.tools.SshCiphers;
import org.btrfssendbackup.ops.rig.ReceiverSshd;
import org.btrfssendbackup.ops.tree.TreeComparison;

/**
 * Not a test: issue 18's benchmark (ops/bench/restore-throughput.sh). On loopback btrfs
 * images: a data set of SIZE (half random, half text) sent once into a store as the producer
 * stores it (zstd, OpenPGP, manifest), a chain of a full and CHAIN incrementals, and a tiny
 * stream. Then, in interleaved rounds (cold cache before each when {@code dropCaches}):
 * {@code btrfs-backup-console restore --from-dir} against {@code gpg -d FILE | zstd -d | btrfs
 * receive}; {@code restore --from-ssh} against {@code ssh … get-stream | gpg -d | zstd -d |
 * btrfs receive} over the same sshd, key and forced-command receiver; and the chain restored by
 * one console run against the stock loop over the same files. Apart from the rounds: {@code
 * verify} of the large stored stream from the page cache, and start-up (console --version and a
 * tiny restore against gpg/btrfs --version and the stock tiny restore). Every restore is
 * compared with its source snapshot (untimed) and must be identical, else the run fails.
 * Everything is removed at the end, also on failure.
 */
public final class RestoreThroughputBenchmark {

    private static final String PASSPHRASE = "benchmark passphrase, not a secret";
    static final String BIG_SET = "bench/big";
    static final String CHAIN_SET = "bench/chain";
    static final String TINY_SET = "bench/tiny";
    /** Set by ops/bench/restore-throughput.sh: an ops/install.sh staging install's lib directory. */
    private static final String LIB = System.getProperty("bench.lib", "");
    /** Set by the script: the console command (the staged wrapper); else the console on this JVM's class path. */
    private static final String CONSOLE = System.getProperty("bench.console", "");
    /**
     * Set by the script: the staged btrfs-backup-receive wrapper, which sshd's forced command runs
     * (with LIB), so each receiver call starts as installed (its class path, receiver.jsa, JVM
     * options); else (the smoke test) a receiver JVM on this one's class path.
     */
    private static final String RECEIVER = System.getProperty("bench.receiver", "");

    /**
     * @param dataBytes        the large data set
     * @param rounds           interleaved rounds of the restore variants
     * @param chainIncrementals incrementals after the chain's full
     * @param chainBaseBytes   the chain's full data set; each incremental adds a small file
     * @param repeats          runs of each start-up and verify measurement (their median counts)
     * @param dropCaches       sync and drop the page cache before each timed restore (cold cache)
     */
    record Options(long dataBytes, int rounds, int chainIncrementals, long chainBaseBytes, int repeats,
                   boolean dropCaches) {

        static Options full(long mib, int rounds) {
            return new Options(mib << 20, rounds, 30, 32L << 20, 5, true);
        }

        /** CI's smoke run: small, one round, a short chain, no cache dropping (checks shape and identity, not speed). */
        static Options smoke() {
            return new Options(16L << 20, 1, 3, 2L << 20, 1, false);
        }
    }

    private final LocalProcessRunner runner = new LocalProcessRunner();
    private final Btrfs btrfs = new CliBtrfs(runner);
    private final Options options;
    private final Path work;
    private final Path logs;
    private final LoopBtrfs prod;
    private final LoopBtrfs backup;
    private final PrintStream out;
    private int targets;

    private RestoreThroughputBenchmark(Options options, Path work, LoopBtrfs prod, LoopBtrfs backup, PrintStream out)
            throws IOException {
        this.options = options;
        this.work = work;
        this.logs = Files.createDirectories(work.resolve("logs"));
        this.prod = prod;
        this.backup = backup;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("smoke")) {
            run(Options.smoke(), System.out).print(System.out);
            return;
        }
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        if (mib < 16 || rounds < 1) {
            throw new IllegalArgumentException("restore-throughput benchmark: SIZE must be at least 16 MiB and ROUNDS"
                    + " at least 1, got " + mib + " and " + rounds);
        }
        if (!SystemTests.isRoot()) {
            System.err.println("restore-throughput benchmark: run as root (loop devices, btrfs, sshd)");
            System.exit(2);
        }
        run(Options.full(mib, rounds), System.out).print(System.out);
        System.out.printf(Locale.ROOT, "load at the end: %s%n", BackupThroughputBenchmark.loadAverage());
    }

    /** Builds everything, measures, removes everything; the report of the medians. */
    static RestoreReport run(Options options, PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "restore throughput: %d MiB (half random, half text), %d rounds, chain of 1 + %d, %d cores,"
                        + " load %s%n", options.dataBytes() >> 20, options.rounds(), options.chainIncrementals(),
                Runtime.getRuntime().availableProcessors(), BackupThroughputBenchmark.loadAverage());
        long size = options.dataBytes();
        Path work = Files.createTempDirectory("restore-bench-");
        try (LoopBtrfs prod = LoopBtrfs.create(size + size / 2 + 2 * options.chainBaseBytes() + (768L << 20));
             // the store (at most the data set), one restored copy at a time, room to spare
             LoopBtrfs backup = LoopBtrfs.create(3 * size + 2 * options.chainBaseBytes() + (1024L << 20))) {
            return new RestoreThroughputBenchmark(options, work, prod, backup, out).run();
        } finally {
            FileTrees.deleteTree(work);
        }
    }

    /** The snapshots and stored files every variant restores from. */
    private record Fixture(Path storeRoot, Path passphrase, Path gnupg, Path bigSnapshot, BenchStore.Stored big,
                           List<Path> chainSnapshots, List<Path> chainFiles, long chainStreamBytes,
                           Path tinySnapshot, BenchStore.Stored tiny) {
    }

    private RestoreReport run() throws Exception {
        Fixture fixture = prepare();
        LoopbackSshd sshd = RECEIVER.isEmpty() ? ReceiverSshd.start(work, fixture.storeRoot())
                : ReceiverSshd.startInstalled(work, fixture.storeRoot(), List.of(), Path.of(RECEIVER), Path.of(LIB));
        long sshdPid = Long.parseLong(Files.readString(work.resolve("sshd").resolve("sshd.pid")).trim());
        Thread stop = new Thread(() -> {
            TimedShell.stopAll();
            ProcessHandle.of(sshdPid).ifPresent(TimedShell::stopTree);
            BackupThroughputBenchmark.stopGpgAgent(fixture.gnupg());
            try {
                FileTrees.deleteTree(work); // run's finally block does not get to it on Ctrl-C or kill
            } catch (IOException | RuntimeException e) {
                System.err.println("restore-throughput benchmark: could not delete " + work + ": " + e.getMessage());
            }
        }, "restore-bench-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            return measure(fixture, sshd, sshdPid);
        } finally {
            sshd.close();
            BackupThroughputBenchmark.stopGpgAgent(fixture.gnupg());
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    private Fixture prepare() throws IOException {
        Path passphrase = work.resolve("passphrase");
        Files.createFile(passphrase, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passphrase, PASSPHRASE + "\n", StandardCharsets.UTF_8);
        Path gnupg = Files.createDirectory(work.resolve("gnupg"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path storeRoot = Files.createDirectories(backup.mountPoint().resolve("store"));
        BenchStore store = new BenchStore(btrfs, storeRoot, passphrase);
        Path snapshots = Files.createDirectories(prod.mountPoint().resolve("snapshots"));
        Instant time = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        long start = System.nanoTime();
        Path big = subvolume("@big");
        DataSet.write(big.resolve("data"), options.dataBytes());
        Path bigSnapshot = snapshot(big, snapshots, "prod-srv-big", time);
        BenchStore.Stored bigStored = store.store(BIG_SET, bigSnapshot, Optional.empty());

        Path chain = subvolume("@chain");
        DataSet.write(chain.resolve("base"), options.chainBaseBytes());
        List<Path> chainSnapshots = new ArrayList<>();
        List<Path> chainFiles = new ArrayList<>();
        long chainStreamBytes = 0;
        SplittableRandom random = new SplittableRandom(18);
        for (int i = 0; i <= options.chainIncrementals(); i++) {
            if (i > 0) {
                // a night's change: a new file, one file grown, one file gone
                byte[] bytes = new byte[64 << 10];
                random.nextBytes(bytes);
                Files.write(chain.resolve("new-" + i + ".bin"), bytes);
                Files.writeString(chain.resolve("log.txt"), "night " + i + "\n".repeat(100), StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                Files.deleteIfExists(chain.resolve("new-" + (i - 1) + ".bin"));
            }
            Path snapshot = snapshot(chain, snapshots, "prod-srv-chain", time.plus(i, ChronoUnit.HOURS));
            BenchStore.Stored stored = store.store(CHAIN_SET, snapshot,
                    i == 0 ? Optional.empty() : Optional.of(chainSnapshots.get(i - 1)));
            chainSnapshots.add(snapshot);
            chainFiles.add(stored.file());
            chainStreamBytes += stored.streamBytes();
        }

        Path tiny = subvolume("@tiny");
        Files.writeString(tiny.resolve("motd"), "a tiny stream: start-up is all there is to measure\n");
        Path tinySnapshot = snapshot(tiny, snapshots, "prod-srv-tiny", time);
        BenchStore.Stored tinyStored = store.store(TINY_SET, tinySnapshot, Optional.empty());
        runner.run(CommandLine.of("sync", "-f", storeRoot.toString()));
        out.printf(Locale.ROOT, "data sets written and stored in %.1f s: send stream %,d bytes, stored %,d bytes%n",
                (System.nanoTime() - start) / 1e9, bigStored.streamBytes(), bigStored.storedBytes());
        return new Fixture(storeRoot, passphrase, gnupg, bigSnapshot, bigStored, chainSnapshots, chainFiles,
                chainStreamBytes, tinySnapshot, tinyStored);
    }

    private Path subvolume(String name) {
        Path path = prod.mountPoint().resolve(name);
        runner.run(CommandLine.of("btrfs", "subvolume", "create", path.toString()));
        return path;
    }

    private Path snapshot(Path subvolume, Path snapshots, String prefix, Instant time) {
        Path snapshot = snapshots.resolve(SnapshotName.of(prefix, time).value());
        runner.run(CommandLine.of("sync", "-f", subvolume.toString()));
        btrfs.createReadOnlySnapshot(subvolume, snapshot);
        return snapshot;
    }

    private RestoreReport measure(Fixture fixture, LoopbackSshd sshd, long sshdPid) throws Exception {
        // the console's ssh as restore builds it with its default --ssh-ciphers (RestoreSshOptionsTest
        // pins that argv); the stock variant's as a user types it, with ssh's own cipher list
        List<String> consoleSsh = SshArgs.toReceiver(sshd.client().target(), OptionalInt.of(sshd.port()),
                Optional.of(sshd.clientKey()), Optional.of(sshd.knownHosts()), SshCiphers.parse(SshCiphers.DEFAULT),
                SshTimeouts.defaults().keepalive()).remoteCommand("version").argv();
        out.printf(Locale.ROOT, "ssh ciphers (negotiated, ssh -v): restore --from-ssh %s (the console's default"
                        + " --ssh-ciphers), stock ssh … get-stream %s (ssh's own list); receiver: %s%n",
                negotiatedCipher(consoleSsh), negotiatedCipher(sshd.sshCommand("version")),
                RECEIVER.isEmpty() ? "a JVM on the benchmark's class path (smoke)" : "the staged wrapper " + RECEIVER);
        List<RestoreReport> reports = new ArrayList<>();
        Startup startup = null;
        Measurement verify = null;
        for (int round = 1; round <= options.rounds(); round++) {
            List<String> order = VariantOrder.forRound(RestoreReport.VARIANTS, round);
            Map<String, Measurement> restores = new LinkedHashMap<>();
            for (String variant : order) {
                restores.put(variant, restore(variant, round, fixture, sshd, sshdPid));
            }
            if (startup == null) {
                startup = startup(fixture);
                verify = verify(fixture);
            }
            RestoreReport report = new RestoreReport(fixture.big().streamBytes(), fixture.big().storedBytes(),
                    fixture.chainFiles().size(), fixture.chainStreamBytes(), restores, verify, startup.figures());
            out.printf(Locale.ROOT, "round %d of %d (%s): from-dir %.2fx, from-ssh %.2fx, chain %.2fx%n", round,
                    options.rounds(), String.join(", ", order),
                    report.speedup(RestoreReport.DIR, RestoreReport.STOCK_DIR),
                    report.speedup(RestoreReport.SSH, RestoreReport.STOCK_SSH),
                    report.speedup(RestoreReport.CHAIN, RestoreReport.STOCK_CHAIN));
            reports.add(report);
        }
        return RestoreReport.medianOf(reports);
    }

    /** The cipher ssh and sshd agree on for {@code sshArgv} (ssh -v's kex line of one untimed call). */
    private String negotiatedCipher(List<String> sshArgv) {
        List<String> argv = new ArrayList<>(sshArgv);
        argv.add(1, "-v");
        Matcher kex = Pattern.compile("kex: server->client cipher: (\\S+)")
                .matcher(runner.run(CommandLine.of(argv)).stderrTail());
        return kex.find() ? kex.group(1) : "(not in ssh -v's output)";
    }

    /** One timed restore into a fresh target; checked identical to its source, then deleted (untimed). */
    private Measurement restore(String variant, int round, Fixture fixture, LoopbackSshd sshd, long sshdPid)
            throws IOException, InterruptedException {
        Path target = newTarget();
        String bigFile = quote(fixture.big().file());
        String receive = " | zstd -d -q | btrfs receive " + quote(target);
        String getStream = sshd.sshCommand("get-stream " + BIG_SET + " " + fixture.big().file().getFileName())
                .stream().map(TimedShell::quote).collect(Collectors.joining(" "));
        String ssh = " --from-ssh " + quote(sshd.client().target()) + " --set " + BIG_SET + " --ssh-port " + sshd.port()
                + " --ssh-identity " + quote(sshd.clientKey()) + " --known-hosts " + quote(sshd.knownHosts());
        record Variant(String name, String command, Path expected, Path restored) {
        }
        Path bigRestored = target.resolve(fixture.bigSnapshot().getFileName());
        Path lastChain = fixture.chainSnapshots().get(fixture.chainSnapshots().size() - 1);
        Path chainRestored = target.resolve(lastChain.getFileName());
        Variant v = switch (variant) {
            case RestoreReport.DIR -> new Variant("`btrfs-backup-console restore --from-dir`",
                    consoleRestore("--from-dir " + quote(fixture.storeRoot().resolve(BIG_SET)), fixture, target),
                    fixture.bigSnapshot(), bigRestored);
            case RestoreReport.STOCK_DIR -> new Variant("`gpg -d FILE | zstd -d | btrfs receive`",
                    gpg(fixture) + " -d " + bigFile + receive, fixture.bigSnapshot(), bigRestored);
            case RestoreReport.SSH -> new Variant("`btrfs-backup-console restore --from-ssh`",
                    consoleRestore(ssh, fixture, target), fixture.bigSnapshot(), bigRestored);
            case RestoreReport.STOCK_SSH -> new Variant("`ssh … get-stream | gpg -d | zstd -d | btrfs receive`",
                    getStream + " | " + gpg(fixture) + " -d" + receive, fixture.bigSnapshot(), bigRestored);
            case RestoreReport.CHAIN -> new Variant("chain of " + fixture.chainFiles().size()
                    + ": `btrfs-backup-console restore --from-dir` (one JVM)",
                    consoleRestore("--from-dir " + quote(fixture.storeRoot().resolve(CHAIN_SET)), fixture, target),
                    lastChain, chainRestored);
            case RestoreReport.STOCK_CHAIN -> new Variant("chain of " + fixture.chainFiles().size()
                    + ": `for f; do gpg -d $f | zstd -d | btrfs receive; done`",
                    "for f in " + fixture.chainFiles().stream().map(TimedShell::quote).collect(Collectors.joining(" "))
                            + "; do " + gpg(fixture) + " -d \"$f\"" + receive + "; done", lastChain, chainRestored);
            default -> throw new IllegalStateException("restore benchmark: unknown variant " + variant);
        };
        if (options.dropCaches()) {
            dropCaches();
        }
        boolean overSsh = variant.equals(RestoreReport.SSH) || variant.equals(RestoreReport.STOCK_SSH);
        long receiverBefore = overSsh ? CpuTimes.reapedChildrenNanos(sshdPid) : 0;
        TimedShell.Result result = TimedShell.run(v.command(), consoleEnvironment(), logs.resolve(variant + "-" + round + ".log"));
        long receiverCpu = overSsh ? CpuTimes.reapedChildrenNanos(sshdPid) - receiverBefore : 0;
        checkIdentical(variant, v.expected(), v.restored());
        clear(target);
        return new Measurement(v.name(), result.wallNanos(), result.cpuNanos(), receiverCpu, java.util.OptionalLong.empty());
    }

    /** The start-up figures: medians of {@code repeats} runs, each restore checked and cleared like the big ones. */
    private record Startup(RestoreReport.Startup figures) {
    }

    private Startup startup(Fixture fixture) throws IOException, InterruptedException {
        List<Long> version = new ArrayList<>();
        List<Long> stockVersions = new ArrayList<>();
        List<Long> tiny = new ArrayList<>();
        List<Long> stockTiny = new ArrayList<>();
        Path restoredName = fixture.tinySnapshot().getFileName();
        for (int i = 0; i < options.repeats(); i++) {
            version.add(TimedShell.run(console() + " --version > /dev/null", consoleEnvironment(),
                    logs.resolve("version.log")).wallNanos());
            stockVersions.add(TimedShell.run("gpg --version > /dev/null; btrfs --version > /dev/null", Map.of(),
                    logs.resolve("stock-version.log")).wallNanos());
            Path target = newTarget();
            tiny.add(TimedShell.run(consoleRestore("--from-dir " + quote(fixture.storeRoot().resolve(TINY_SET)), fixture,
                    target), consoleEnvironment(), logs.resolve("tiny.log")).wallNanos());
            checkIdentical("tiny restore", fixture.tinySnapshot(), target.resolve(restoredName));
            clear(target);
            target = newTarget();
            stockTiny.add(TimedShell.run(gpg(fixture) + " -d " + quote(fixture.tiny().file()) + " | zstd -d -q | btrfs receive "
                    + quote(target), Map.of(), logs.resolve("stock-tiny.log")).wallNanos());
            checkIdentical("stock tiny restore", fixture.tinySnapshot(), target.resolve(restoredName));
            clear(target);
        }
        return new Startup(new RestoreReport.Startup(RestoreReport.medianNanos(version),
                RestoreReport.medianNanos(stockVersions), RestoreReport.medianNanos(tiny),
                RestoreReport.medianNanos(stockTiny)));
    }

    /** {@code verify --set bench/big} with the stored file in the page cache (read once, untimed, first). */
    private Measurement verify(Fixture fixture) throws IOException, InterruptedException {
        List<Measurement> runs = new ArrayList<>();
        TimedShell.run("cat " + quote(fixture.big().file()) + " > /dev/null", Map.of(), logs.resolve("warm.log"));
        for (int i = 0; i < options.repeats(); i++) {
            TimedShell.Result result = TimedShell.run(console() + " verify --backup-root " + quote(fixture.storeRoot())
                    + " --set " + BIG_SET, consoleEnvironment(), logs.resolve("verify.log"));
            runs.add(new Measurement("`btrfs-backup-console verify` (scrub, page cache)", result.wallNanos(),
                    result.cpuNanos(), 0, java.util.OptionalLong.empty()));
        }
        return RestoreReport.median(runs);
    }

    private String consoleRestore(String source, Fixture fixture, Path target) {
        return console() + " restore " + source + " --passphrase-file " + quote(fixture.passphrase()) + " --target "
                + quote(target) + " --no-progress > /dev/null";
    }

    private static String gpg(Fixture fixture) {
        return "gpg --homedir " + quote(fixture.gnupg()) + " --batch --quiet --pinentry-mode loopback --passphrase-file "
                + quote(fixture.passphrase());
    }

    /**
     * The console as the operator starts it: the staged wrapper (the script sets bench.console and
     * BTRFS_SEND_BACKUP_LIB), else (the smoke test) a JVM on this one's class path.
     */
    private static String console() {
        if (!CONSOLE.isEmpty()) {
            return quote(CONSOLE);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return quote(java) + " " + System.getenv().getOrDefault("BENCH_CONSOLE_OPTS", "") + " -cp "
                + quote(System.getProperty("java.class.path")) + " "
                + org.btrfssendbackup.ops.cli.OpsMain.class.getName();
    }

    /** Profiling hook: BENCH_CONSOLE_OPTS (e.g. JFR) reaches the console's JVM through its wrapper's variable. */
    private static Map<String, String> consoleEnvironment() {
        String extra = System.getenv().getOrDefault("BENCH_CONSOLE_OPTS", "");
        return extra.isEmpty() ? Map.of() : Map.of("BTRFS_BACKUP_CONSOLE_JAVA_OPTS", extra);
    }

    private Path newTarget() throws IOException {
        return Files.createDirectory(backup.mountPoint().resolve("target-" + (++targets)));
    }

    private static void checkIdentical(String variant, Path expected, Path restored) throws IOException {
        if (!Files.isDirectory(restored)) {
            throw new IllegalStateException("restore benchmark: " + variant + " did not restore " + restored);
        }
        var differences = new TreeComparison().compare(expected, restored);
        if (!differences.isEmpty()) {
            throw new IllegalStateException("restore benchmark: " + variant + " restored " + restored
                    + " differently from " + expected + ": " + differences.subList(0, Math.min(5, differences.size())));
        }
    }

    /** Deletes the subvolumes restored into {@code target} and the directory, and writes that back before the next run. */
    private void clear(Path target) throws IOException {
        List<Path> restored;
        try (Stream<Path> entries = Files.list(target)) {
            restored = entries.sorted(java.util.Comparator.reverseOrder()).toList();
        }
        if (!restored.isEmpty()) {
            // --commit-after: without a commit the cleaner waits for the next periodic one (30 s)
            // and `subvolume sync` with it; with it the space is freed now, not during the next run
            List<String> delete = new ArrayList<>(List.of("btrfs", "subvolume", "delete", "--commit-after"));
            restored.forEach(p -> delete.add(p.toString()));
            runner.run(CommandLine.of(delete));
        }
        Files.delete(target);
        runner.run(CommandLine.of("btrfs", "subvolume", "sync", backup.mountPoint().toString()));
        runner.run(CommandLine.of("sync", "-f", backup.mountPoint().toString()));
    }

    /** Cold cache, as an operator's restore after a disaster meets it: written back, then dropped. */
    private void dropCaches() throws IOException {
        runner.run(CommandLine.of("sync"));
        Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3\n");
    }
}
