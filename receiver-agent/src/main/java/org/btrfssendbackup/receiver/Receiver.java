package org.btrfssendbackup.receiver;

import org.btrfssendbackup.receiver.store.ReceiveFailedException;
import org.btrfssendbackup.receiver.btrfs.PruneReceivedResult;
import org.btrfssendbackup.receiver.btrfs.ReceiveResult;
import org.btrfssendbackup.receiver.putstream.PutStreamResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.btrfssendbackup.core.config.LuksSettings;
import org.btrfssendbackup.core.config.ReceiverConfig;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StorePaths;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.SymbolicLinkInStoreException;
import org.btrfssendbackup.core.manifest.InvalidManifestException;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.manifest.ManifestReader;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.protocol.CloseLuksReply;
import org.btrfssendbackup.core.protocol.CommandRefusedException;
import org.btrfssendbackup.core.protocol.ListReplyLine;
import org.btrfssendbackup.core.protocol.OpenLuksReply;
import org.btrfssendbackup.core.protocol.ReadSessionFraming;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import org.btrfssendbackup.core.protocol.ReceiverCommands;
import org.btrfssendbackup.core.protocol.ReceiverExit;
import org.btrfssendbackup.core.protocol.ReceiverProtocol;
import org.btrfssendbackup.core.protocol.VersionReply;
import org.btrfssendbackup.core.tools.Btrfs;
import org.btrfssendbackup.core.tools.CliBtrfs;
import org.btrfssendbackup.core.tools.CliCryptsetup;
import org.btrfssendbackup.core.tools.CliMounts;
import org.btrfssendbackup.messages.event.CommandRefused;
import org.btrfssendbackup.receiver.btrfs.PruneReceivedHandler;
import org.btrfssendbackup.receiver.btrfs.ReceiveHandler;
import org.btrfssendbackup.receiver.btrfs.ReceivedSnapshot;
import org.btrfssendbackup.receiver.btrfs.ReceivedSnapshots;
import org.btrfssendbackup.receiver.btrfs.ReceivedVolume;
import org.btrfssendbackup.receiver.events.ReceiverEvents;
import org.btrfssendbackup.receiver.luks.LuksKeyInput;
import org.btrfssendbackup.receiver.luks.LuksVolume;
import org.btrfssendbackup.core.stream.IdleReadWatch;
import org.btrfssendbackup.receiver.putstream.PutStreamHandler;
import org.btrfssendbackup.receiver.store.ChainCheck;
import org.btrfssendbackup.receiver.store.NoSpaceException;
import org.btrfssendbackup.receiver.store.StoreCatalog;
import org.btrfssendbackup.receiver.store.StreamFileSender;

/**
 * One SSH forced-command call: parse, run, answer. Exit status ({@link ReceiverExit}) 0 with one JSON line on
 * stdout (list: one per manifest and per received snapshot; get-stream: the file itself), 2
 * for a refusal, 3 for a full backup disk (also an upload cut at MAX_STREAM_BYTES or the free-space
 * reserve) and 1 for any other failure, each with exactly one
 * line on stderr; read-session serves several version, list and get-stream requests, framed,
 * and fails as the failing request alone would ({@link ReadSession}). Stream contents
 * and LUKS keys never reach a message. Events go out after the reply, best effort.
 */
public final class Receiver {

    /** What an upload's idle timeout (put-stream, receive) means, for its error. */
    private static final String UPLOAD_STALL_CAUSE = "the producer or the link is gone";

    static final String NO_SPACE_PREFIX = "no space left on backup-srv: ";

    private final ReceiverConfig config;
    private final ReceiverEvents events;
    private final PutStreamHandler putStream;
    private final StoreLayout layout;
    private final StoreCatalog catalog;
    private final Clock clock;
    private final Supplier<ProcessRunner> runnerFactory;
    private final SetBinding binding;
    private ProcessRunner runner;

    /**
     * The process runner is made only when a remote-btrfs command needs it: creating it sets up
     * logging, which the encrypted-stream commands never need.
     */
    public Receiver(ReceiverConfig config, Clock clock, ReceiverEvents events) {
        this(config, clock, events, SetBinding.everySet());
    }

    /** @param binding the sets this call's SSH key may touch (the forced command's --sets) */
    public Receiver(ReceiverConfig config, Clock clock, ReceiverEvents events, SetBinding binding) {
        this(config, clock, events, LocalProcessRunner::new, binding);
    }

    /** @param runner runs cryptsetup, mount and btrfs (remote-btrfs commands) */
    public Receiver(ReceiverConfig config, Clock clock, ReceiverEvents events, ProcessRunner runner) {
        this(config, clock, events, () -> runner, SetBinding.everySet());
    }

    private Receiver(ReceiverConfig config, Clock clock, ReceiverEvents events, Supplier<ProcessRunner> runnerFactory,
                     SetBinding binding) {
        this.binding = binding;
        this.config = config;
        this.events = events;
        this.clock = clock;
        this.runnerFactory = runnerFactory;
        this.layout = new StoreLayout(config.backupRoot());
        this.catalog = new StoreCatalog(layout);
        this.putStream = new PutStreamHandler(config, clock);
    }

    /** Runs one command line; never throws. */
    public int run(String commandLine, InputStream stdin, OutputStream stdout, PrintStream stderr) {
        long started = System.nanoTime();
        try {
            ReceiverCommand command = ReceiverCommands.parse(commandLine);
            // before anything touches the disk: a key bound to other sets learns nothing of this one
            binding.check(command);
            execute(command, stdin, stdout, started);
            stdout.flush();
            return ReceiverExit.OK;
        } catch (CommandRefusedException e) {
            stderr.println(ReceiverProtocol.PROGRAM + ": refused: " + oneLine(e.getMessage()));
            publishRefusal(commandLine, e.request(), oneLine(e.getMessage()));
            return ReceiverExit.REFUSED;
        } catch (ReceiveFailedException | IOException | UncheckedIOException | InvalidManifestException
                 | ProcessFailedException e) {
            if (NoSpaceException.isNoSpace(e)) {
                // also a manifest, rename or btrfs receive that ran out of space
                stderr.println(ReceiverProtocol.PROGRAM + ": " + NO_SPACE_PREFIX + oneLine(String.valueOf(e.getMessage())));
                return ReceiverExit.NO_SPACE;
            }
            stderr.println(ReceiverProtocol.PROGRAM + ": failed: " + oneLine(String.valueOf(e.getMessage())));
            return ReceiverExit.FAILED;
        } catch (RuntimeException e) {
            stderr.println(ReceiverProtocol.PROGRAM + ": failed: internal error: " + oneLine(e.toString()));
            return ReceiverExit.FAILED;
        }
    }

    private void execute(ReceiverCommand command, InputStream stdin, OutputStream stdout, long started)
            throws IOException {
        if (command instanceof ReceiverCommand.Version) {
            println(stdout, VersionReply.ofThisReceiver(freeBytes()).format());
        } else if (command instanceof ReceiverCommand.PutStream put) {
            checkSetDirectory(put, put.set());
            PutStreamResult result;
            try (IdleReadWatch watch = IdleReadWatch.start(stdin, config.idleTimeout(), stdin, ReceiverConfig.IDLE_TIMEOUT,
                    UPLOAD_STALL_CAUSE)) {
                result = putStream.put(put, watch.input());
            }
            println(stdout, result.reply().format());
            // the reply is out first: the producer's confirmation never waits for the broker
            stdout.flush();
            publishReceived(result, Duration.ofNanos(System.nanoTime() - started));
        } else if (command instanceof ReceiverCommand.ListSet list) {
            checkSetDirectory(list, list.set());
            list(list, stdout);
        } else if (command instanceof ReceiverCommand.GetStream get) {
            checkSetDirectory(get, get.set());
            getStream(get, stdout);
        } else if (command instanceof ReceiverCommand.OpenLuks) {
            openLuks(stdin, stdout);
        } else if (command instanceof ReceiverCommand.Receive receive) {
            ReceiveResult result;
            try (IdleReadWatch watch = IdleReadWatch.start(stdin, config.idleTimeout(), stdin, ReceiverConfig.IDLE_TIMEOUT,
                    UPLOAD_STALL_CAUSE)) {
                result = new ReceiveHandler(ReceivedVolume.on(volume(command), btrfs()), clock, config.maxFutureSkew())
                        .receive(receive, watch.input());
            }
            println(stdout, result.reply().format());
            stdout.flush();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            bestEffort(() -> events.snapshotReceived(result, elapsed));
        } else if (command instanceof ReceiverCommand.PruneReceived prune) {
            pruneReceived(prune, stdout, started);
        } else if (command instanceof ReceiverCommand.ReadSession) {
            new ReadSession(this::answerInSession, config.idleTimeout(), ReadSessionFraming.MAX_REQUESTS)
                    .serve(stdin, stdout);
        } else if (command instanceof ReceiverCommand.CloseLuks) {
            LuksVolume volume = volume(command);
            boolean wasOpen = volume.close();
            println(stdout, CloseLuksReply.of(wasOpen).format());
            stdout.flush();
            bestEffort(() -> events.luksClosed(volume.settings(), wasOpen));
        } else {
            throw new IllegalStateException("no handler for " + command.word());
        }
    }

    /**
     * The set's directory goes through no symbolic link below BACKUP_ROOT (a linked middle
     * component would take list, get-stream or put-stream outside the store); the files in it
     * are then opened with no-follow.
     */
    private void checkSetDirectory(ReceiverCommand command, BackupSetName set) throws IOException {
        try {
            StorePaths.checkNoLinks(layout.backupRoot(), layout.setDirectory(set));
        } catch (SymbolicLinkInStoreException e) {
            throw new ReceiveFailedException(command.word() + " " + set + ": " + e.getMessage(), e);
        }
    }

    /** Usable space on BACKUP_ROOT's filesystem; empty when the root does not exist (yet) or cannot be read. */
    private OptionalLong freeBytes() {
        try {
            return OptionalLong.of(Files.getFileStore(config.backupRoot()).getUsableSpace());
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    private LuksVolume volume(ReceiverCommand command) {
        LuksSettings luks = LuksVolume.settingsFor(config, command.word());
        return new LuksVolume(luks, new CliCryptsetup(runner()), new CliMounts(runner()));
    }

    private ProcessRunner runner() {
        if (runner == null) {
            runner = runnerFactory.get();
        }
        return runner;
    }

    private Btrfs btrfs() {
        return new CliBtrfs(runner());
    }

    private void openLuks(InputStream stdin, OutputStream stdout) throws IOException {
        LuksVolume volume = volume(new ReceiverCommand.OpenLuks());
        byte[] key = LuksKeyInput.read(stdin);
        OpenLuksReply.Status status;
        try {
            status = volume.open(key);
        } finally {
            // cryptsetup's stdin already zeroed it; this covers paths that never reached it
            Arrays.fill(key, (byte) 0);
        }
        println(stdout, new OpenLuksReply(status, Optional.of(volume.settings().device().toString()),
                Optional.of(volume.mapperDevice().toString()), Optional.of(volume.settings().mountPoint().toString()))
                .format());
        stdout.flush();
        bestEffort(() -> events.luksOpened(volume.settings(), status == OpenLuksReply.Status.ALREADY_OPEN));
    }

    private void pruneReceived(ReceiverCommand.PruneReceived prune, OutputStream stdout, long started)
            throws IOException {
        record Deletion(SnapshotName snapshot, Path path) {
        }
        List<Deletion> deletions = new ArrayList<>();
        PruneReceivedResult result;
        try {
            result = new PruneReceivedHandler(ReceivedVolume.on(volume(prune), btrfs()), config.keep())
                    .prune(prune, (snapshot, path) -> deletions.add(new Deletion(snapshot, path)));
        } finally {
            // what was deleted before a failure is reported too
            deletions.forEach(d -> bestEffort(() -> events.receivedSnapshotPruned(prune.set(), d.snapshot(), d.path())));
        }
        println(stdout, result.reply().format());
        stdout.flush();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        bestEffort(() -> events.pruneReceivedCompleted(result, elapsed));
    }

    private void list(ReceiverCommand.ListSet list, OutputStream stdout) throws IOException {
        Map<String, String> unrestorable = new ChainCheck(layout, catalog).unrestorable(list.set());
        Set<String> withManifest = new HashSet<>();
        for (Path manifest : catalog.manifests(list.set())) {
            ListReplyLine line;
            try {
                Manifest read = ManifestReader.read(manifest, list.set());
                withManifest.add(read.snapshot().value());
                line = ListReplyLine.Stream.of(read, Optional.ofNullable(unrestorable.get(read.snapshot().value())));
            } catch (InvalidManifestException e) {
                // one unreadable manifest must not hide the others from a restore
                line = ListReplyLine.InvalidManifest.of(manifest.getFileName().toString(), e.getMessage());
            }
            println(stdout, line.format());
        }
        // A stream without its manifest is reported as such, never silently left out.
        for (StreamFileName stream : catalog.streams(list.set())) {
            if (!withManifest.contains(stream.snapshot().value())) {
                println(stdout, ListReplyLine.NoManifest.of(stream.value()).format());
            }
        }
        listReceived(list, stdout);
    }

    /** remote-btrfs: the received snapshots, when the LUKS volume is configured and mounted. */
    private void listReceived(ReceiverCommand.ListSet list, OutputStream stdout) throws IOException {
        if (config.luks().isEmpty()) {
            return;
        }
        LuksVolume volume = volume(list);
        Path setDir = config.luks().get().receivedRoot().resolve(list.set().value());
        StorePaths.checkNoLinks(config.luks().get().receivedRoot(), setDir);
        if (!Files.isDirectory(setDir, LinkOption.NOFOLLOW_LINKS) || !volume.isMounted()) {
            return;
        }
        for (ReceivedSnapshot snapshot : new ReceivedSnapshots(btrfs()).scan(setDir).complete()) {
            println(stdout, ListReplyLine.ReceivedSnapshot.of(snapshot.name(), snapshot.receivedUuid()).format());
        }
    }

    private void getStream(ReceiverCommand.GetStream get, OutputStream stdout) throws IOException {
        try (FileChannel in = openStored(get)) {
            StreamFileSender.send(in, stdout, in.size(), describe(get));
        }
    }

    private FileChannel openStored(ReceiverCommand.GetStream get) throws IOException {
        Path file = layout.streamFile(get.set(), get.file());
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ReceiveFailedException(describe(get) + ": no such stored stream");
        }
        return StorePaths.openChannel(layout.backupRoot(), file, Set.of(StandardOpenOption.READ));
    }

    /**
     * One request of a read-session, through the same checks as the command alone (the key's
     * sets, the set directory's links, the no-follow open): a header with the body's length,
     * then the body. list's lines are collected first to count them; get-stream's length is
     * the file's size once opened, and the file still goes out by sendfile.
     */
    private void answerInSession(ReceiverCommand request, OutputStream stdout) throws IOException {
        binding.check(request);
        if (request instanceof ReceiverCommand.Version) {
            framed(request, (VersionReply.ofThisReceiver(freeBytes()).format() + "\n").getBytes(StandardCharsets.UTF_8),
                    stdout);
        } else if (request instanceof ReceiverCommand.ListSet list) {
            checkSetDirectory(list, list.set());
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            list(list, lines);
            framed(request, lines.toByteArray(), stdout);
        } else if (request instanceof ReceiverCommand.GetStream get) {
            checkSetDirectory(get, get.set());
            try (FileChannel in = openStored(get)) {
                long size = in.size();
                ReadSessionFraming.writeHeader(stdout, request, size);
                StreamFileSender.send(in, stdout, size, describe(get));
            }
        } else {
            throw new IllegalStateException("read-session: no handler for " + request.word());
        }
    }

    /** "get-stream SET/FILE", as its messages name it. */
    private static String describe(ReceiverCommand.GetStream get) {
        return "get-stream " + get.set() + "/" + get.file();
    }

    private static void framed(ReceiverCommand request, byte[] body, OutputStream stdout) throws IOException {
        ReadSessionFraming.writeHeader(stdout, request, body.length);
        stdout.write(body);
    }

    private void publishReceived(PutStreamResult result, Duration elapsed) {
        bestEffort(() -> events.streamReceived(result, elapsed));
    }

    private static void bestEffort(Runnable publish) {
        try {
            publish.run();
        } catch (RuntimeException e) {
            // storing never depends on the broker; what was done and replied stands
        }
    }

    /**
     * A refused request inside a command (a read-session's) is named by both words,
     * {@code read-session:put-stream}: what was attempted, and over which command.
     */
    private void publishRefusal(String commandLine, Optional<String> request, String reason) {
        String word = CommandRefused.commandWordOf(commandLine);
        if (request.isPresent()) {
            word = CommandRefused.commandWordOf(word + ":" + CommandRefused.commandWordOf(request.get()));
        }
        try {
            events.commandRefused(word, reason);
        } catch (RuntimeException e) {
            // the refusal itself has already happened; a broker problem must not change it
        }
    }

    private static void println(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String oneLine(String message) {
        return message.replace('\n', ' ').replace('\r', ' ');
    }

    public ReceiverConfig config() {
        return config;
    }
}
