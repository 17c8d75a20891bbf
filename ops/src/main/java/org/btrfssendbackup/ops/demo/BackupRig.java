package org.btrfssendbackup.ops.demo;

import jakarta.jms.JMSException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.btrfssendbackup.broker.AuditLog;
import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.broker.BrokerSettings;
import org.btrfssendbackup.broker.EmbeddedBroker;
import org.btrfssendbackup.broker.EventFilter;
import org.btrfssendbackup.broker.PasswordFile;
import org.btrfssendbackup.broker.RedeliverySettings;
import org.btrfssendbackup.broker.TcpAcceptorSettings;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.files.FileTrees;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.config.ScrubSettings;
import org.btrfssendbackup.core.retention.RetentionPolicy;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.lab.LoopbackSshd;
import org.btrfssendbackup.core.tools.CliBtrfs;
import org.btrfssendbackup.core.tools.SshArgs;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.jms.RedeliveryPolicy;
import org.btrfssendbackup.messages.jms.StepSettings;
import org.btrfssendbackup.ops.console.EventLine;
import org.btrfssendbackup.ops.restore.RestoreException;
import org.btrfssendbackup.ops.restore.RestoreReporter;
import org.btrfssendbackup.ops.restore.RestoreResult;
import org.btrfssendbackup.ops.restore.Restorer;
import org.btrfssendbackup.ops.restore.SshSource;
import org.btrfssendbackup.ops.restore.StreamSource;
import org.btrfssendbackup.ops.rig.ReceiverSshd;
import org.btrfssendbackup.producer.agent.ProducerAgent;
import org.btrfssendbackup.producer.agent.RunOutcome;
import org.btrfssendbackup.producer.agent.RunTracker;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.producer.steps.ProducerTools;
import org.btrfssendbackup.producer.steps.RunObserver;
import org.btrfssendbackup.producer.upload.StreamUploader;
import org.btrfssendbackup.core.schedule.DailySchedule;
import org.btrfssendbackup.pruner.PrunerService;
import org.btrfssendbackup.pruner.PrunerServiceSettings;

/**
 * prod-srv and backup-srv on one machine, all-in-one: a work directory under /var/tmp, two
 * loop btrfs images (prod with @rootfs, backup holding BACKUP_ROOT), a random passphrase, sshd
 * on 127.0.0.1 whose restricted key runs the real receiver as its forced command, a prod.conf
 * in the seed's format, and the embedded broker (security on, its own users and passwords)
 * with the producer agent and the pruner service in this JVM. The receiver, one process per
 * SSH call, reaches the broker over a loopback TCP acceptor to publish StreamReceived.
 *
 * <p>Used by the demo and the end-to-end tests. {@link #close()} takes everything down again,
 * in reverse order, whatever failed; it may be called from a shutdown hook, and twice.
 */
public final class BackupRig implements AutoCloseable {

    public static final String SET = "demo-srv/rootfs";
    public static final String PREFIX = "demo-srv-rootfs";
    public static final long IMAGE_SIZE = 512L * 1024 * 1024;
    public static final String PRODUCER_HOST = "prod-srv";
    public static final String PRUNER_HOST = "backup-srv";

    /**
     * Retries within seconds instead of the production backoff (minutes), so that a failing
     * demo or test ends quickly; three deliveries as in production.
     */
    public static final RedeliverySettings QUICK_REDELIVERY =
            new RedeliverySettings(Duration.ofMillis(200), 2.0, Duration.ofSeconds(1), 3);
    /** One try per delivery: the broker's redelivery does the retrying. */
    public static final StepSettings QUICK_STEPS = new StepSettings(1, Duration.ZERO, Duration.ofMillis(100),
            new RedeliveryPolicy(QUICK_REDELIVERY.delay(), QUICK_REDELIVERY.multiplier(), QUICK_REDELIVERY.maxDelay(),
                    QUICK_REDELIVERY.maxDeliveryAttempts()));

    private static final AtomicInteger NEXT_BROKER_ID = new AtomicInteger(7100);

    /**
     * @param workBase         where the work directory is created (/var/tmp for the demo)
     * @param wrapUploader     wraps the producer's SSH uploader (tests cut connections with it)
     * @param receiverEvents   whether the receiver publishes StreamReceived through the broker
     */
    public record Options(Path workBase, UnaryOperator<StreamUploader> wrapUploader, boolean receiverEvents) {
        public static Options defaults() {
            return new Options(Path.of("/var/tmp"), UnaryOperator.identity(), true);
        }

        public Options withWorkBase(Path base) {
            return new Options(base, wrapUploader, receiverEvents);
        }

        public Options withUploader(UnaryOperator<StreamUploader> wrap) {
            return new Options(workBase, wrap, receiverEvents);
        }
    }

    /** One stored file on backup-srv. */
    public record StoredFile(String name, long size, String mode) {
    }

    private final ProcessRunner runner = new LocalProcessRunner();
    private final Options options;
    private final PrintStream out;
    private final List<AutoCloseable> openedInOrder = new ArrayList<>();
    private final AtomicReference<RunTracker> currentRun = new AtomicReference<>();
    private Path work;
    private LoopBtrfs prodFs;
    private LoopBtrfs backupFs;
    private Path passphraseFile;
    private LoopbackSshd sshd;
    private EmbeddedBroker broker;
    private Path brokerPasswords;
    private ProducerConfig config;
    private ProducerAgent producer;
    private PrunerService pruner;
    private volatile Instant lastSnapshotSecond = Instant.EPOCH;
    private boolean closed; // guarded by openedInOrder

    /** Nothing happens until {@link #start()}; a shutdown hook may hold the rig before that. */
    public BackupRig(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Builds and starts everything, narrating; on failure, cleans up what was made and throws. */
    public BackupRig start() throws Exception {
        try {
            build();
            return this;
        } catch (Exception | Error e) {
            try {
                close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void build() throws Exception {
        Files.createDirectories(options.workBase());
        work = Files.createTempDirectory(options.workBase(), "btrfs-send-backup-demo-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        opened((AutoCloseable) this::deleteWork);
        out.println("    work directory " + work);

        prodFs = opened(LoopBtrfs.create(IMAGE_SIZE));
        runner.run(CommandLine.of("btrfs", "subvolume", "create", sourceSubvolume().toString()));
        DemoTree.populate(sourceSubvolume());
        out.println("    prod-srv:   " + prodFs.device() + " (512 MiB btrfs) at " + prodFs.mountPoint()
                + ", subvolume @rootfs filled with the demo tree");
        backupFs = opened(LoopBtrfs.create(IMAGE_SIZE));
        Files.createDirectories(backupRoot());
        out.println("    backup-srv: " + backupFs.device() + " (512 MiB btrfs) at " + backupFs.mountPoint()
                + ", BACKUP_ROOT " + backupRoot());

        passphraseFile = secretFile(work.resolve("passphrase"), randomSecret(32));
        out.println("    passphrase: 32 random bytes, base64, in " + passphraseFile + " (0600; never leaves prod-srv)");

        int tcpPort = LoopbackPorts.free();
        brokerPasswords = Files.createDirectories(work.resolve("broker/passwords"));
        for (BrokerRole role : BrokerRole.values()) {
            secretFile(brokerPasswords.resolve(role.roleName() + ".password"), randomSecret(24));
        }
        int id = NEXT_BROKER_ID.getAndIncrement();
        BrokerSettings settings = BrokerSettings.defaults(work.resolve("broker/data"), brokerPasswords)
                .withBrokerName("demo-broker-" + id).withInVmServerId(id)
                .withTcpAcceptor(new TcpAcceptorSettings("127.0.0.1", tcpPort, null))
                .withRedelivery(QUICK_REDELIVERY);
        broker = opened(new EmbeddedBroker(settings));
        broker.start();
        out.println("    broker:     embedded Artemis, security on (users producer, receiver, pruner, operator with"
                + " random passwords), in-VM " + broker.inVmUrl() + " + tcp://127.0.0.1:" + tcpPort
                + " for the receiver");

        List<String> receiverBroker = options.receiverEvents()
                ? List.of("BROKER_URL=tcp://127.0.0.1:" + tcpPort, "BROKER_USER=receiver",
                        "BROKER_PASSWORD_FILE=" + brokerPasswords.resolve("receiver.password"))
                : List.of();
        sshd = opened(ReceiverSshd.start(work, backupRoot(), receiverBroker));
        out.println("    sshd:       127.0.0.1:" + sshd.port() + ", one key, restricted to the forced command"
                + " btrfs-backup-receive \"$SSH_ORIGINAL_COMMAND\"");

        Path prodConf = ProdConf.write(work.resolve("prod.conf"), new ProdConf.Values(prodFs.mountPoint(), work,
                sshd.port(), sshd.clientKey(), sshd.knownHosts(), SET, PREFIX, passphraseFile));
        config = ProducerConfig.load(prodConf);
        out.println("    prod.conf:  " + prodConf + " (seed format; SERVICES_TO_QUIESCE=() because the demo machine"
                + " runs no services to stop)");

        ProducerTools tools = ProducerTools.production(config, runner, PRODUCER_HOST);
        tools = tools.withUploader(options.wrapUploader().apply(tools.uploader()));
        producer = opened(ProducerAgent.start(config, tools, client(BrokerRole.PRODUCER).connectionFactory(),
                new RunLock(config.lockFile(), tools.clock()), QUICK_STEPS, new CurrentRun()));
        pruner = opened(new PrunerService(new PrunerServiceSettings(backupRoot(), RetentionPolicy.seedDefaults(),
                PRUNER_HOST, DailySchedule.localTime(DailySchedule.SEED_PRUNE_TIME), ScrubSettings.defaults()), Optional.of(client(BrokerRole.PRUNER).connectionFactory())));
        pruner.start();
        out.println("    agents:     producer-agent and pruner-agent in this JVM (all-in-one), on the in-VM connector");
    }

    /**
     * One backup run through the broker: BackupRequested, then the producer's steps; waits for
     * BackupCompleted or the final failure. Snapshot names have one-second resolution, so a
     * run never starts in the second of the previous one.
     *
     * @param onEvent sees each event of the run as it happens
     */
    public RunOutcome backup(Consumer<EventEnvelope> onEvent, Duration timeout)
            throws JMSException, InterruptedException {
        while (!Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(lastSnapshotSecond)) {
            Thread.sleep(50);
        }
        RunTracker tracker = new RunTracker(QUICK_STEPS.redelivery().maxAttempts(), onEvent);
        String runId = EventEnvelope.newRunId();
        tracker.follow(runId);
        currentRun.set(tracker);
        producer.requestBackup(runId, "demo", "operator", false);
        RunOutcome outcome = tracker.await(timeout, producer::isRunning);
        lastSnapshotSecond = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return outcome;
    }

    /** Restores over the same restricted SSH key (one read-session: list, get-stream) into {@code target}. */
    public RestoreResult restoreOverSsh(Optional<String> snapshot, Path target) throws RestoreException, IOException {
        try (SshSource source = new SshSource(sshArgs(), BackupSetName.of(SET), runner)) {
            return restore(source, snapshot, target);
        }
    }

    public RestoreResult restore(StreamSource source, Optional<String> snapshot, Path target)
            throws RestoreException, IOException {
        Files.createDirectories(target);
        try (Passphrase passphrase = Passphrase.fromFile(passphraseFile)) {
            return new Restorer(new CliBtrfs(runner), RestoreReporter.silent()).restore(source, snapshot, passphrase,
                    target);
        }
    }

    /** The events on the broker's audit queue, read as the operator, in publication order. */
    public List<EventLine> auditTimeline() {
        try (AuditLog audit = AuditLog.connect(client(BrokerRole.OPERATOR))) {
            return audit.list(EventFilter.ALL).stream().map(EventLine::of).toList();
        }
    }

    /** Waits until the audit log holds at least {@code count} events of {@code type}; false after the timeout. */
    public boolean awaitEvents(String type, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen = auditTimeline().stream().filter(e -> type.equals(e.type())).count();
            if (seen >= count) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
    }

    /** The files under BACKUP_ROOT/SET, sorted by name, without the receiver's hidden lock and temporaries. */
    public List<StoredFile> storedFiles() throws IOException {
        Path dir = setDirectory();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<StoredFile> result = new ArrayList<>();
            for (Path f : files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(Path::toString)).toList()) {
                result.add(new StoredFile(f.getFileName().toString(), Files.size(f),
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS))));
            }
            return result;
        }
    }

    public SshArgs sshArgs() {
        return SshArgs.to(config.sshTarget()).withPort(sshd.port()).withIdentityFile(sshd.clientKey())
                .withKnownHostsFile(sshd.knownHosts());
    }

    public ProducerConfig config() {
        return config;
    }

    public Path work() {
        return work;
    }

    public Path sourceSubvolume() {
        return prodFs.mountPoint().resolve("@rootfs");
    }

    public Path snapshotPath(String snapshot) {
        return config.snapshotDir().resolve(snapshot);
    }

    public Path backupRoot() {
        return backupFs.mountPoint().resolve("btrfs-send-backups");
    }

    public Path setDirectory() {
        return backupRoot().resolve(SET);
    }

    /** A directory on the backup image, for restores and copies (btrfs receive needs btrfs). */
    public Path backupScratch(String name) throws IOException {
        return Files.createDirectories(backupFs.mountPoint().resolve(name));
    }

    public Path passphraseFile() {
        return passphraseFile;
    }

    public PrunerService pruner() {
        return pruner;
    }

    public ProcessRunner runner() {
        return runner;
    }

    /** Stops agents, broker and sshd, unmounts and detaches both images, deletes the work directory. */
    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (openedInOrder) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(openedInOrder);
        }
        RuntimeException failure = null;
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                if (failure == null) {
                    failure = new IllegalStateException("cleanup of the demo rig in " + work + " was incomplete: "
                            + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A client of the rig's broker as one of its users (the web console's tests read the hub as the operator). */
    public BrokerClient client(BrokerRole role) {
        return new BrokerClient(broker.inVmUrl(), role.roleName(),
                PasswordFile.read(brokerPasswords.resolve(role.roleName() + ".password")));
    }

    /** Remembers a resource for {@link #close()}; closed at once when the rig was closed meanwhile (Ctrl-C). */
    private <T extends AutoCloseable> T opened(T resource) throws Exception {
        synchronized (openedInOrder) {
            if (!closed) {
                openedInOrder.add(resource);
                return resource;
            }
        }
        resource.close();
        throw new IllegalStateException("the demo rig was closed while it was being built");
    }

    private void deleteWork() throws IOException {
        if (work == null) {
            return;
        }
        // both images are mounted elsewhere (LoopBtrfs' own directories), so walking the work
        // directory never reaches into a mounted filesystem
        FileTrees.deleteTree(work);
    }

    private static Path secretFile(Path file, String secret) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret + "\n");
        return file;
    }

    private static String randomSecret(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }

    /** The producer's observer for the whole life of the agent, forwarding to the run being followed. */
    private final class CurrentRun implements RunObserver {
        @Override
        public void onEvent(EventEnvelope event) {
            RunTracker tracker = currentRun.get();
            if (tracker != null) {
                tracker.onEvent(event);
            }
        }

        @Override
        public void onStepFailed(EventEnvelope trigger, int attempt, Throwable failure) {
            RunTracker tracker = currentRun.get();
            if (tracker != null) {
                tracker.onStepFailed(trigger, attempt, failure);
            }
        }
    }
}
