package org.btrfssendbackup.ops.year;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.btrfssendbackup.core.testing.ManualClock;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.config.ReceiverConfig;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.tools.Btrfs;
import org.btrfssendbackup.core.tools.CliBtrfs;
import org.btrfssendbackup.core.tools.CliSystemctl;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.PruneRequested;
import org.btrfssendbackup.messages.event.SnapshotCreated;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.SnapshotPruned;
import org.btrfssendbackup.messages.event.StreamSent;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.producer.steps.CompleteStep;
import org.btrfssendbackup.producer.steps.ProducerRuntime;
import org.btrfssendbackup.producer.steps.ProducerTools;
import org.btrfssendbackup.producer.steps.SendStep;
import org.btrfssendbackup.producer.steps.SnapshotStep;
import org.btrfssendbackup.pruner.FileSystemDeleter;
import org.btrfssendbackup.pruner.PruneResult;
import org.btrfssendbackup.pruner.Pruner;
import org.btrfssendbackup.receiver.Receiver;
import org.btrfssendbackup.receiver.events.NoReceiverEvents;

/**
 * prod-srv and backup-srv of the simulated year, in one process on one clock:
 * <ul>
 * <li>prod-srv: a loop btrfs with @rootfs, prod.conf read by the real parser, the producer's
 *     real steps (SnapshotStep → SendStep → CompleteStep, with local LOCAL_KEEP_* retention)
 *     with real btrfs and real OpenPGP;</li>
 * <li>the transport: {@link InProcessReceiverUploader}, the real receiver logic without ssh;</li>
 * <li>backup-srv: BACKUP_ROOT in a directory, its config file read by the real parser, the real
 *     pruner with that file's KEEP_*.</li>
 * </ul>
 * The steps are called in order in-process rather than through the embedded broker: the broker
 * adds nothing the year checks (retention and restorability), and 300+ runs stay quick.
 */
final class YearRig implements AutoCloseable {

    static final String SET = "prod-srv/rootfs";
    static final String PREFIX = "prod-srv-rootfs";
    static final String HOST = "prod-srv";
    /** How long the simulated send takes: the receiver's and pruner's clocks read later than the snapshot name. */
    static final Duration SEND_TIME = Duration.ofSeconds(47);

    final ManualClock clock;
    final LoopBtrfs prod;
    final Path backupRoot;
    final Path passphraseFile;
    final ProducerConfig producerConfig;
    final ReceiverConfig backupSrvConfig;
    final Btrfs btrfs;
    final DailyChanges changes;
    final InProcessReceiverUploader uploader;

    private final SnapshotStep snapshotStep;
    private final SendStep sendStep;
    private final CompleteStep completeStep;
    private final Pruner pruner;
    private final List<EventEnvelope> facts = new ArrayList<>();

    private YearRig(Path work, LoopBtrfs prod, ManualClock clock, long seed, List<String> prodConfLines,
                    List<String> backupSrvConfLines) throws IOException {
        this.prod = prod;
        this.clock = clock;
        ProcessRunner runner = new LocalProcessRunner();
        this.btrfs = new CliBtrfs(runner);
        Path source = prod.mountPoint().resolve("@rootfs");
        runner.run(CommandLine.of("btrfs", "subvolume", "create", source.toString()));
        this.changes = new DailyChanges(source, seed);
        changes.populate();

        this.passphraseFile = work.resolve("passphrase");
        Files.createFile(passphraseFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passphraseFile, "a year of backups " + seed + "\n");
        this.backupRoot = Files.createDirectories(work.resolve("backup-root"));
        Path state = Files.createDirectories(work.resolve("state"));

        List<String> prodConf = new ArrayList<>(List.of(
                "SOURCE_TOP=" + prod.mountPoint(),
                "SOURCE_SUBVOL=@rootfs",
                "SNAPSHOT_DIR=" + prod.mountPoint().resolve("@backup-snapshots"),
                "SNAPSHOT_PREFIX=" + PREFIX,
                "STATE_FILE=" + state.resolve("last-sent"),
                "LOCK_FILE=" + state.resolve("lock"),
                "BACKUP_SSH_TARGET=btrfs-ingest@backup-srv",
                "BACKUP_SET=" + SET,
                "PASSPHRASE_FILE=" + passphraseFile,
                "BACKUP_MODE=encrypted-stream"));
        prodConf.addAll(prodConfLines);
        this.producerConfig = ProducerConfig.load(write(work.resolve("prod.conf"), prodConf));
        List<String> backupSrvConf = new ArrayList<>(List.of("BACKUP_ROOT=" + backupRoot));
        backupSrvConf.addAll(backupSrvConfLines);
        this.backupSrvConfig = ReceiverConfig.load(write(work.resolve("btrfs-backup-receive"), backupSrvConf));

        this.uploader = new InProcessReceiverUploader(new Receiver(backupSrvConfig, clock, new NoReceiverEvents()));
        // SERVICES_TO_QUIESCE is empty, so systemctl is never run; the real port is wired anyway.
        ProducerTools tools = new ProducerTools(btrfs, new CliSystemctl(runner), uploader,
                () -> Passphrase.fromFile(passphraseFile), clock, HOST, Optional.empty());
        ProducerRuntime runtime = new ProducerRuntime(producerConfig, tools,
                new RunLock(producerConfig.lockFile(), clock), facts::add);
        this.snapshotStep = new SnapshotStep(runtime);
        this.sendStep = new SendStep(runtime);
        this.completeStep = new CompleteStep(runtime);
        this.pruner = new Pruner(new StoreLayout(backupRoot), new FileSystemDeleter(), clock, Duration.ofSeconds(10));
    }

    /** Creates prod-srv's loop btrfs (closed again if anything after it fails). */
    static YearRig create(Path work, ManualClock clock, long seed, List<String> prodConfLines,
                          List<String> backupSrvConfLines) throws IOException {
        LoopBtrfs prod = LoopBtrfs.create();
        try {
            return new YearRig(work, prod, clock, seed, prodConfLines, backupSrvConfLines);
        } catch (IOException | RuntimeException e) {
            prod.close();
            throw e;
        }
    }

    BackupSetName set() {
        return BackupSetName.of(SET);
    }

    Path setDirectory() {
        return new StoreLayout(backupRoot).setDirectory(set());
    }

    Path snapshotDir() {
        return producerConfig.snapshotDir();
    }

    /**
     * One timer run at the clock's current time: the day's changes, then the producer's three
     * steps, then the pruner pass its PruneRequested triggers (backup-srv's own KEEP_*).
     */
    CompletedRun backup() throws Exception {
        String label = SnapshotName.of(PREFIX, clock.instant().truncatedTo(ChronoUnit.SECONDS)).value();
        changes.apply(label);
        EventEnvelope requested = EventEnvelope.create(clock, new BackupRequested("timer", "year-of-backups-test", false),
                HOST, SET, EventEnvelope.newRunId(), null);
        EventEnvelope created = only(snapshotStep.handle(requested, (BackupRequested) requested.payload()),
                SnapshotCreated.class);
        SnapshotCreated snapshot = (SnapshotCreated) created.payload();
        if (!snapshot.snapshot().equals(label)) {
            throw new IllegalStateException("the producer named its snapshot " + snapshot.snapshot() + ", expected " + label);
        }
        TreeFingerprint fingerprint = TreeFingerprint.of(Path.of(snapshot.path()));

        clock.advance(SEND_TIME);
        EventEnvelope sent = only(sendStep.handle(created, snapshot), StreamSent.class);
        StreamSent stream = (StreamSent) sent.payload();

        int factsBefore = facts.size();
        List<EventEnvelope> completed = completeStep.handle(sent, stream);
        only(completed, BackupCompleted.class);
        only(completed, PruneRequested.class);
        int localPruned = (int) facts.subList(factsBefore, facts.size()).stream()
                .filter(e -> e.payload() instanceof SnapshotPruned).count();

        clock.advance(Duration.ofSeconds(3));
        PruneResult pruned = prune();
        return new CompletedRun(stream.snapshot(), SnapshotName.parse(stream.snapshot()).time(),
                stream.kind() == SnapshotKind.FULL ? StreamKind.FULL : StreamKind.INCR,
                Optional.ofNullable(stream.parent()), fingerprint, localPruned, pruned.deleted().size());
    }

    /** One pruner pass with backup-srv's configuration (after an upload, or the daily 04:17 timer). */
    PruneResult prune() throws IOException {
        PruneResult result = pruner.prune(set(), backupSrvConfig.keep(), false);
        if (!result.warnings().isEmpty()) {
            throw new IllegalStateException("prune " + SET + " at " + clock.instant() + " warned: " + result.warnings());
        }
        return result;
    }

    private static EventEnvelope only(List<EventEnvelope> events, Class<?> type) {
        List<EventEnvelope> matching = events.stream().filter(e -> type.isInstance(e.payload())).toList();
        if (matching.size() != 1) {
            throw new IllegalStateException("expected one " + type.getSimpleName() + " among " + events);
        }
        return matching.get(0);
    }

    private static Path write(Path file, List<String> lines) throws IOException {
        return Files.write(file, lines);
    }

    @Override
    public void close() {
        prod.close();
    }
}
