package org.btrfssendbackup.receiver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.btrfssendbackup.core.config.ReceiverConfig;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.manifest.InvalidManifestException;
import org.btrfssendbackup.core.manifest.ManifestReader;
import org.btrfssendbackup.messages.event.CommandRefused;

/**
 * One SSH forced-command call: parse, run, answer. Exit status 0 with one JSON line on
 * stdout (list: one per manifest; get-stream: the file itself), 2 for a refusal and 1 for a
 * failure, each with exactly one line on stderr. Stream contents never reach a message.
 */
public final class Receiver {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int REFUSED = 2;
    static final String PROGRAM = "btrfs-backup-receive";

    private final ReceiverConfig config;
    private final ReceiverEvents events;
    private final PutStreamHandler putStream;
    private final StoreLayout layout;
    private final StoreCatalog catalog;

    public Receiver(ReceiverConfig config, Clock clock, ReceiverEvents events) {
        this.config = config;
        this.events = events;
        this.layout = new StoreLayout(config.backupRoot());
        this.catalog = new StoreCatalog(layout);
        this.putStream = new PutStreamHandler(config, clock);
    }

    /** Runs one command line; never throws. */
    public int run(String commandLine, InputStream stdin, OutputStream stdout, PrintStream stderr) {
        long started = System.nanoTime();
        try {
            ReceiverCommand command = CommandLineParser.parse(commandLine);
            execute(command, stdin, stdout, started);
            stdout.flush();
            return OK;
        } catch (CommandRefusedException e) {
            stderr.println(PROGRAM + ": refused: " + oneLine(e.getMessage()));
            publishRefusal(commandLine, oneLine(e.getMessage()));
            return REFUSED;
        } catch (ReceiveFailedException | IOException | UncheckedIOException | InvalidManifestException e) {
            stderr.println(PROGRAM + ": failed: " + oneLine(String.valueOf(e.getMessage())));
            return FAILED;
        } catch (RuntimeException e) {
            stderr.println(PROGRAM + ": failed: internal error: " + oneLine(e.toString()));
            return FAILED;
        }
    }

    private void execute(ReceiverCommand command, InputStream stdin, OutputStream stdout, long started)
            throws IOException {
        if (command instanceof ReceiverCommand.Version) {
            println(stdout, JsonLine.version());
        } else if (command instanceof ReceiverCommand.PutStream put) {
            PutStreamResult result = putStream.put(put, stdin);
            println(stdout, JsonLine.putStream(result));
            // the reply is out first: the producer's confirmation never waits for the broker
            stdout.flush();
            publishReceived(result, Duration.ofNanos(System.nanoTime() - started));
        } else if (command instanceof ReceiverCommand.ListSet list) {
            list(list, stdout);
        } else if (command instanceof ReceiverCommand.GetStream get) {
            getStream(get, stdout);
        } else {
            // open-luks, receive, prune-received, close-luks: parsed and validated, not implemented yet
            throw new CommandRefusedException(command.word() + ": not enabled in this build (remote-btrfs mode)");
        }
    }

    private void list(ReceiverCommand.ListSet list, OutputStream stdout) throws IOException {
        for (Path manifest : catalog.manifests(list.set())) {
            String line;
            try {
                line = JsonLine.manifest(ManifestReader.read(manifest, list.set()));
            } catch (InvalidManifestException e) {
                // one unreadable manifest must not hide the others from a restore
                line = JsonLine.invalidManifest(manifest.getFileName().toString(), e.getMessage());
            }
            println(stdout, line);
        }
    }

    private void getStream(ReceiverCommand.GetStream get, OutputStream stdout) throws IOException {
        Path file = layout.streamFile(get.set(), get.file());
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ReceiveFailedException("get-stream " + get.set() + "/" + get.file() + ": no such stored stream");
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            in.transferTo(stdout);
        }
    }

    private void publishReceived(PutStreamResult result, Duration elapsed) {
        try {
            events.streamReceived(result, elapsed);
        } catch (RuntimeException e) {
            // storing never depends on the broker; the stored stream and reply stand
        }
    }

    private void publishRefusal(String commandLine, String reason) {
        try {
            events.commandRefused(CommandRefused.commandWordOf(commandLine), reason);
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

    ReceiverConfig config() {
        return config;
    }
}
