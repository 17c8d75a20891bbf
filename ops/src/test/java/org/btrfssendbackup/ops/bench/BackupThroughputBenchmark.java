package org.btrfssendbackup.ops.bench;

import static org.btrfssendbackup.ops.bench.TimedShell.quote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.btrfssendbackup.core.files.FileTrees;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.lab.LoopbackSshd;
import org.btrfssendbackup.core.testing.SystemTests;
import org.btrfssendbackup.ops.rig.ReceiverSshd;

/**
 * Not a test: issue 3's benchmark. On loopback btrfs images, a data set of SIZE (half random,
 * half text) in a subvolume and one read-only snapshot of it; then, one after another over
 * the same sshd on 127.0.0.1:
 * <ol>
 * <li>{@code btrfs send > /dev/null}: the limit;</li>
 * <li>the seed's pipeline: {@code btrfs send | gpg --symmetric (defaults) | ssh 'cat > file'};</li>
 * <li>a tuned pipeline: {@code btrfs send | zstd -3 -T0 | gpg --compress-algo none | ssh -c aes128-gcm};</li>
 * <li>ours: the producer's real SendStep in its own -Xmx64m JVM ({@link ProducerSendRun}),
 * uploading with put-stream into the real receiver forced command ({@link ReceiverSshd}).</li>
 * </ol>
 * Prints wall time, MB/s of the send stream, CPU seconds, stored bytes, the ratios and a verdict
 * per target. Everything is removed at the end, also on failure (LoopBtrfs has a shutdown hook
 * for Ctrl-C; sshd gets one here). See ops/bench/backup-throughput.sh. Argument: SIZE in MiB.
 */
public final class BackupThroughputBenchmark {

    private static final String PASSPHRASE = "benchmark passphrase, not a secret";
    private static final String PREFIX = "prod-srv-rootfs";
    private static final String FAST_CIPHER = "aes128-gcm@openssh.com";
    /**
     * Set by ops/bench/backup-throughput.sh: the absolute ops/target (for the benchmark's own
     * classes) and the lib directory of an ops/install.sh staging install (jars and the trained
     * class data archives), so that both JVMs start as the installed wrappers start them.
     */
    private static final String OPS_TARGET = System.getProperty("bench.opsTarget", "ops/target");
    private static final Path LIB = Path.of(System.getProperty("bench.lib", "/usr/local/lib/btrfs-send-backup"));
    /**
     * As ops/deploy/prod-srv/btrfs-send-backup starts the producer, but for the heap (the target's
     * 64 MiB); the archive and the compiler directives are added as the wrapper adds them.
     */
    static final String PRODUCER_JVM_OPTIONS = "-Xmx64m -Xlog:disable -Xlog:all=warning:stderr";
    /**
     * What the producer's wrapper puts before the path of LIB/producer-compiler.json
     * (ProducerCompilerDirectivesTest checks they agree).
     */
    public static final String DIRECTIVES_OPTIONS =
            "-XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput -XX:CompilerDirectivesFile=";

    private final LocalProcessRunner runner = new LocalProcessRunner();
    private final Path work;
    private final LoopBtrfs prod;
    private final Path logs;

    private BackupThroughputBenchmark(Path work, LoopBtrfs prod) throws IOException {
        this.work = work;
        this.prod = prod;
        this.logs = Files.createDirectories(work.resolve("logs"));
    }

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        if (mib < 16 || rounds < 1) {
            throw new IllegalArgumentException("backup-throughput benchmark: SIZE must be at least 16 MiB and ROUNDS"
                    + " at least 1, got " + mib + " and " + rounds);
        }
        if (!SystemTests.isRoot()) {
            System.err.println("backup-throughput benchmark: run as root (loop devices, btrfs, sshd)");
            System.exit(2);
        }
        long size = mib << 20;
        System.out.printf(Locale.ROOT, "backup throughput: %d MiB (half random, half text), %d rounds, %d cores, load %s%n",
                mib, rounds, Runtime.getRuntime().availableProcessors(), loadAverage());
        Path work = Files.createTempDirectory("backup-bench-");
        try (LoopBtrfs prod = LoopBtrfs.create(size + size / 2 + (768L << 20));
             // room for the warm run: its warm-up and measured copies at once, with space to spare
             // (a nearly full btrfs makes every writer slower)
             LoopBtrfs backup = LoopBtrfs.create(4 * size + (1024L << 20))) {
            new BackupThroughputBenchmark(work, prod).run(size, rounds, backup).print(System.out);
        } finally {
            FileTrees.deleteTree(work);
        }
        System.out.printf(Locale.ROOT, "load at the end: %s%n", loadAverage());
    }

    private Report run(long size, int rounds, LoopBtrfs backup) throws Exception {
        SnapshotName snapshot = prepareSnapshot(size);
        Path snapshotPath = prod.mountPoint().resolve("@backup-snapshots").resolve(snapshot.value());
        Path store = Files.createDirectories(backup.mountPoint().resolve("store"));
        Path gnupg = Files.createDirectory(work.resolve("gnupg"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        LoopbackSshd sshd = ReceiverSshd.start(work, store, List.of(), receiverClassPath(),
                classDataArchive("receiver"));
        long sshdPid = Long.parseLong(Files.readString(work.resolve("sshd").resolve("sshd.pid")).trim());
        // On Ctrl-C or kill: stop what could keep the loop mounts busy before LoopBtrfs's own
        // hook unmounts them (it retries for a few seconds): pipelines, ssh sessions, sshd; then
        // the work directory, which main's finally block does not get to delete.
        Thread stop = new Thread(() -> {
            TimedShell.stopAll();
            ProcessHandle.of(sshdPid).ifPresent(TimedShell::stopTree);
            stopGpgAgent(gnupg);
            try {
                FileTrees.deleteTree(work);
            } catch (IOException | RuntimeException e) {
                System.err.println("backup-throughput benchmark: could not delete " + work + ": " + e.getMessage());
            }
        }, "backup-bench-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            return measureAll(size, rounds, snapshot, snapshotPath, sshd, sshdPid, gnupg,
                    backup.mountPoint().resolve("pipelines"), store);
        } finally {
            sshd.close();
            stopGpgAgent(gnupg);
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    /** gpg started an agent for its home directory; it would outlive the benchmark. */
    static void stopGpgAgent(Path gnupg) {
        try {
            new ProcessBuilder("gpgconf", "--homedir", gnupg.toString(), "--kill", "gpg-agent")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            System.err.println("backup-throughput benchmark: could not stop gpg-agent: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private SnapshotName prepareSnapshot(long size) throws IOException {
        Path subvolume = prod.mountPoint().resolve("@rootfs");
        runner.run(CommandLine.of("btrfs", "subvolume", "create", subvolume.toString()));
        long start = System.nanoTime();
        DataSet.write(subvolume.resolve("data"), size);
        runner.run(CommandLine.of("sync", "-f", subvolume.toString()));
        System.out.printf(Locale.ROOT, "data set written in %.1f s%n", (System.nanoTime() - start) / 1e9);
        Path snapshots = Files.createDirectories(prod.mountPoint().resolve("@backup-snapshots"));
        SnapshotName name = SnapshotName.of(PREFIX, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        runner.run(CommandLine.of("btrfs", "subvolume", "snapshot", "-r", subvolume.toString(),
                snapshots.resolve(name.value()).toString()));
        return name;
    }

    private Report measureAll(long size, int rounds, SnapshotName snapshot, Path snapshotPath, LoopbackSshd sshd,
                              long sshdPid, Path gnupg, Path pipelines, Path store) throws Exception {
        CatReceiver cat = CatReceiver.add(sshd, work.resolve("sshd"), pipelines);
        Path passphrase = secretFile(work.resolve("passphrase"), PASSPHRASE + "\n");
        String send = "btrfs send " + quote(snapshotPath);
        String gpg = "gpg --homedir " + quote(gnupg) + " --batch --pinentry-mode loopback --passphrase-file "
                + quote(passphrase) + " --symmetric";

        // Untimed: the stream's size, and every variant then reads the snapshot from the page cache.
        TimedShell.Result count = TimedShell.run(send + " | wc -c", Map.of(), logs.resolve("count.log"));
        long streamBytes = Long.parseLong(count.stdout().get(0).trim());
        System.out.printf(Locale.ROOT, "send stream: %,d bytes (data set %,d); measuring ...%n", streamBytes, size);

        // Rounds interleave the variants, so a neighbour's burst on a shared machine hits one
        // round of each rather than all of one variant; the report takes per-variant medians.
        // Each round also starts one variant later (VariantOrder): on this VM a run's speed depends
        // on what ran just before it (memory the host must map again, writeback), by a few percent.
        List<Report> reports = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            String tag = "-" + round;
            Map<String, Measurement> shells = new HashMap<>();
            Map<String, ProducerRun> producers = new HashMap<>();
            for (String variant : VariantOrder.forRound(VariantOrder.ALL, round)) {
                switch (variant) {
                    case "limit" -> shells.put(variant, shell("btrfs send > /dev/null (the limit)", send + " > /dev/null",
                            sshdPid, null, variant + tag));
                    case "seed" -> shells.put(variant, shell("seed: send | gpg --symmetric | ssh cat",
                            send + " | " + gpg + " | " + cat.sshCommand("seed", null), sshdPid, cat.file("seed"),
                            variant + tag));
                    case "tuned" -> shells.put(variant, shell("tuned: send | zstd -3 -T0 | gpg -z0 | ssh -c aes128-gcm",
                            send + " | zstd -q -3 -T0 | " + gpg + " --compress-algo none | "
                                    + cat.sshCommand("tuned", FAST_CIPHER), sshdPid, cat.file("tuned"), variant + tag));
                    case "durable" -> shells.put(variant, shell("tuned, durable: the same, and sync FILE before ssh returns",
                            send + " | zstd -q -3 -T0 | " + gpg + " --compress-algo none | "
                                    + cat.sshCommand("tuneddurable", FAST_CIPHER), sshdPid, cat.file("tuneddurable"),
                            variant + tag));
                    case "ours" -> producers.put(variant, producer("ours: SendStep -> put-stream receiver (-Xmx64m)",
                            "ours" + tag, snapshot, sshd, passphrase, sshdPid, store, false));
                    case "warm" -> producers.put(variant, producer("ours, service: a second send in the same JVM",
                            "warm" + tag, snapshot, sshd, passphrase, sshdPid, store, true));
                    default -> throw new IllegalStateException("benchmark: unknown variant " + variant);
                }
            }
            Measurement limit = shells.get("limit");
            Measurement seed = shells.get("seed");
            Measurement tuned = shells.get("tuned");
            Measurement durable = shells.get("durable");
            ProducerRun ours = producers.get("ours");
            ProducerRun warm = producers.get("warm");
            if (!cat.files().isEmpty()) {
                throw new IllegalStateException("benchmark: pipeline files were not cleaned up: " + cat.files());
            }
            Report report = new Report(streamBytes, limit, seed, tuned, durable, ours.measurement, warm.measurement,
                    ours.heap);
            System.out.printf(Locale.ROOT, "round %d of %d (%s): MB/s seed %.1f, tuned %.1f, tuned durable %.1f, ours %.1f,"
                    + " ours service %.1f; ours' JVM %.2f CPU s (start-up included)%n", round, rounds,
                    String.join(", ", VariantOrder.forRound(VariantOrder.ALL, round)),
                    seed.megabytesPerSecond(streamBytes), tuned.megabytesPerSecond(streamBytes),
                    durable.megabytesPerSecond(streamBytes), ours.measurement.megabytesPerSecond(streamBytes),
                    warm.measurement.megabytesPerSecond(streamBytes), ours.jvmCpuNanos / 1e9);
            reports.add(report);
        }
        System.out.println(Report.tunedSpeedupPerRound(reports));
        return Report.medianOf(reports);
    }

    /** One shell variant; its stored file (if any) is measured and deleted, to keep the image small. */
    private Measurement shell(String name, String pipeline, long sshdPid, Path storedFile, String logName)
            throws IOException, InterruptedException {
        long receiverBefore = CpuTimes.reapedChildrenNanos(sshdPid);
        // profiling hook, e.g. BENCH_SHELL_PREFIX="perf record -a -o /tmp/shell.data --"
        String prefix = System.getenv().getOrDefault("BENCH_SHELL_PREFIX", "");
        String command = prefix.isEmpty() ? pipeline : prefix + " bash -o pipefail -c " + quote(pipeline);
        TimedShell.Result result = TimedShell.run(command, Map.of(), logs.resolve(logName + ".log"));
        long receiverCpu = CpuTimes.reapedChildrenNanos(sshdPid) - receiverBefore;
        OptionalLong stored = OptionalLong.empty();
        if (storedFile != null) {
            stored = OptionalLong.of(Files.size(storedFile));
            Files.delete(storedFile);
            settle(storedFile.getParent());
        }
        return new Measurement(name, result.wallNanos(), result.cpuNanos(), receiverCpu, stored);
    }

    private record ProducerRun(Measurement measurement, Report.HeapFigures heap, long jvmCpuNanos) {
    }

    /**
     * Ours, in a separate JVM with a 64 MiB heap. Its wall time is SendStep's own (send, reply
     * check), without JVM start-up; its CPU includes the start-up, btrfs and ssh. Warm: the
     * second send of that JVM, with its own CPU figures (see {@link ProducerSendRun}).
     */
    private ProducerRun producer(String name, String set, SnapshotName snapshot, LoopbackSshd sshd, Path passphrase,
                                 long sshdPid, Path store, boolean warm) throws IOException, InterruptedException {
        Path conf = producerConf(set, sshd, passphrase);
        String warmUp = warm ? "--warm-up " + quote(producerConf(set + "-warm-up", sshd, passphrase)) + " " + sshdPid + " "
                : "";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String extra = System.getenv().getOrDefault("BENCH_PRODUCER_OPTS", "");
        // profiling hooks, e.g. BENCH_PRODUCER_PREFIX="perf record -g -o /tmp/p.data --"
        String prefix = System.getenv().getOrDefault("BENCH_PRODUCER_PREFIX", "");
        String archive = classDataArchive("producer").map(a -> " -XX:SharedArchiveFile=" + quote(a.toString())).orElse("");
        String directives = installed("producer-compiler.json").map(d -> " " + DIRECTIVES_OPTIONS + quote(d.toString()))
                .orElse("");
        String command = prefix + " " + quote(java) + " " + PRODUCER_JVM_OPTIONS + archive + directives + " " + extra + " "
                + ProducerSendRun.class.getName() + " "
                + warmUp + quote(conf) + " " + quote(snapshot.value());
        long receiverBefore = CpuTimes.reapedChildrenNanos(sshdPid);
        TimedShell.Result result = TimedShell.run(command, Map.of("CLASSPATH", productionClassPath() + ":" + OPS_TARGET + "/test-classes"),
                logs.resolve(set + ".log"));
        long receiverCpu = CpuTimes.reapedChildrenNanos(sshdPid) - receiverBefore;
        result.stdout().stream().filter(l -> l.startsWith("THREAD ")).forEach(l -> System.out.println(set + ": " + l));
        Map<String, String> figures = resultLine(result.stdout());
        long storedBytes = Long.parseLong(figures.get("storedBytes"));
        Path storedFile = store.resolve("bench").resolve(set).resolve(snapshot.value() + ".full.btrfs.gpg");
        if (Files.size(storedFile) != storedBytes) {
            throw new IllegalStateException("benchmark: " + storedFile + " holds " + Files.size(storedFile)
                    + " bytes, the producer sent " + storedBytes);
        }
        // warm: the figures of the measured (second) send alone, which the producer JVM took itself
        long senderCpu = warm ? Long.parseLong(figures.get("warmSendCpuNanos")) : result.cpuNanos();
        if (warm) {
            receiverCpu = Long.parseLong(figures.get("warmReceiverCpuNanos"));
        }
        Measurement measurement = new Measurement(name, Long.parseLong(figures.get("wallNanos")), senderCpu,
                receiverCpu, OptionalLong.of(storedBytes));
        FileTrees.deleteTree(store.resolve("bench").resolve(set)); // keeps the backup image small
        FileTrees.deleteTree(store.resolve("bench").resolve(set + "-warm-up"));
        settle(store);
        Report.HeapFigures heap = new Report.HeapFigures(Long.parseLong(figures.get("heapMax")),
                Long.parseLong(figures.get("heapPeak")), Long.parseLong(figures.get("gcs")));
        return new ProducerRun(measurement, heap, Long.parseLong(figures.get("jvmCpuNanos")));
    }

    /**
     * The installed jars, first: both JVMs load classes as in production, not from the test class
     * path with its hundred-odd jars, and the class data archives (trained on this class path)
     * only fit a class path that starts with it. ops/bench/backup-throughput.sh installs first.
     */
    static String productionClassPath() {
        return LIB + "/*";
    }

    /**
     * The receiver's own class path as its wrapper builds it (LIB/receiver.classpath, jar names
     * under @LIB@; receiver.jsa is trained on it), else every jar.
     */
    static String receiverClassPath() throws IOException {
        Optional<Path> list = installed("receiver.classpath");
        return list.isPresent() ? Files.readString(list.get()).strip().replace("@LIB@", LIB.toString())
                : productionClassPath();
    }

    /** LIB/NAME.jsa when install.sh trained it, as the wrappers look for it. */
    static Optional<Path> classDataArchive(String name) {
        return installed(name + ".jsa");
    }

    /** LIB/FILE when install.sh put it there: the wrappers name such files only when they exist. */
    private static Optional<Path> installed(String file) {
        Path path = LIB.resolve(file);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    /**
     * Untimed: writes back what the last variant left dirty (and btrfs's deletions) before the
     * next one starts, so no variant pays for its predecessor's disk work.
     */
    private void settle(Path onFilesystem) throws IOException {
        runner.run(CommandLine.of("sync", "-f", onFilesystem.toString()));
    }

    /** A prod.conf for BACKUP_SET bench/SET with its own state directory. */
    private Path producerConf(String set, LoopbackSshd sshd, Path passphrase) throws IOException {
        Path state = Files.createDirectories(work.resolve("state-" + set));
        Path conf = work.resolve("prod-" + set + ".conf");
        Files.writeString(conf, String.join("\n",
                "SOURCE_TOP=" + prod.mountPoint(),
                "SOURCE_SUBVOL=@rootfs",
                "SNAPSHOT_DIR=" + prod.mountPoint().resolve("@backup-snapshots"),
                "SNAPSHOT_PREFIX=" + PREFIX,
                "STATE_FILE=" + state.resolve("last-sent"),
                "LOCK_FILE=" + state.resolve("lock"),
                "BACKUP_SSH_TARGET=" + System.getProperty("user.name") + "@127.0.0.1",
                "BACKUP_SSH_PORT=" + sshd.port(),
                "BACKUP_SSH_IDENTITY_FILE=" + sshd.clientKey(),
                "BACKUP_SSH_KNOWN_HOSTS=" + sshd.knownHosts(),
                "BACKUP_SET=bench/" + set,
                "BACKUP_MODE=encrypted-stream",
                "PASSPHRASE_FILE=" + passphrase,
                "COMPRESSION=zstd",
                ""));
        return conf;
    }

    /** The {@code RESULT key=value ...} line of {@link ProducerSendRun}. */
    static Map<String, String> resultLine(List<String> stdout) {
        String line = stdout.stream().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("the producer run printed no RESULT line: " + stdout));
        Map<String, String> figures = new HashMap<>();
        for (String pair : line.substring("RESULT ".length()).trim().split(" ")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalStateException("malformed RESULT field '" + pair + "' in: " + line);
            }
            figures.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return figures;
    }

    private static Path secretFile(Path file, String content) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).trim().split(" ")).subList(0, 3));
        } catch (IOException e) {
            return "(unknown)";
        }
    }
}
