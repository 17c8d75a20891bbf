package org.btrfssendbackup.ops.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.btrfssendbackup.messages.JsonFormats;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.NameText;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.config.SshTimeouts;
import org.btrfssendbackup.core.process.ExitCheckedInputStream;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.protocol.ListReply;
import org.btrfssendbackup.core.protocol.ListReplyLine;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import org.btrfssendbackup.core.protocol.ReceiverExit;
import org.btrfssendbackup.core.protocol.ReceiverOverSsh;
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.stream.IdleReadWatch;
import org.btrfssendbackup.core.time.Durations;
import org.btrfssendbackup.core.tools.SshArgs;
import org.slf4j.LoggerFactory;

/**
 * backup-srv's receiver over the producer's restricted key: {@code list SET} for the manifests,
 * {@code get-stream SET FILE} for each stream. Nothing is stored locally first, so files cannot
 * be checked up front: the restore hashes them on the way.
 *
 * <p>All of them go over one connection, a {@code read-session} ({@link ReadSessionClient}): one
 * ssh handshake and one receiver JVM per restore, however long the chain. A receiver that refuses
 * {@code read-session} before answering anything (an older backup-srv, exit status 2) gets one
 * connection per command, as before. {@link #close()} ends the session.
 *
 * <p>Every read from ssh has a deadline, the stall timeout (--ssh-stall-timeout, 5 min by default,
 * the producer's BACKUP_SSH_STALL_TIMEOUT): a read that gets no byte for that long ends ssh and
 * fails naming the option ({@link IdleReadWatch}). ssh's keepalives end a dead link; this ends a
 * receiver that is alive but stuck, or a link that holds the connection open and delivers nothing.
 * Time the restore spends on what it read (btrfs receive writing) does not count.
 */
public final class SshSource implements StreamSource {

    /** The option that sets the stall timeout, named by its error. */
    public static final String STALL_TIMEOUT_OPTION = "--ssh-stall-timeout";
    /** The producer's default for the same deadline on its uploads (BACKUP_SSH_STALL_TIMEOUT). */
    public static final Duration DEFAULT_STALL_TIMEOUT = SshTimeouts.DEFAULT_STALL_TIMEOUT;
    private static final String STALL_CAUSE = "backup-srv's receiver or the link stopped sending; ssh was ended";

    private static final ObjectMapper JSON = JsonFormats.line();

    private final ReceiverOverSsh receiver;
    private final BackupSetName set;
    private final Duration stallTimeout;
    /** The open session; null before the first request and after one failed or was abandoned. */
    private ReadSessionClient session;
    /** The receiver refused read-session: one connection per command from then on. */
    private boolean oneShot;

    public SshSource(SshArgs ssh, BackupSetName set, ProcessRunner runner) {
        this(ssh, set, runner, DEFAULT_STALL_TIMEOUT);
    }

    /** @param stallTimeout how long one read from ssh may wait for a byte (positive) */
    public SshSource(SshArgs ssh, BackupSetName set, ProcessRunner runner, Duration stallTimeout) {
        this.receiver = new ReceiverOverSsh(ssh, runner);
        this.set = Objects.requireNonNull(set, "set");
        this.stallTimeout = Objects.requireNonNull(stallTimeout, "stallTimeout");
        if (stallTimeout.isZero() || stallTimeout.isNegative()) {
            throw new IllegalArgumentException(STALL_TIMEOUT_OPTION + " must be positive, was " + stallTimeout);
        }
    }

    /** A read of {@code process}'s stdout bounded by the stall timeout; closing it ends the watch and the process. */
    static InputStream watched(InputStream stdout, RunningProcess process, Duration stallTimeout) {
        return IdleReadWatch.start(stdout, stallTimeout, process::destroy, STALL_TIMEOUT_OPTION, STALL_CAUSE).input();
    }

    @Override
    public BackupSetName set() {
        return set;
    }

    @Override
    public Listing list() throws RestoreException {
        String output;
        try {
            output = oneShot ? receiver.call(new ReceiverCommand.ListSet(set), stallTimeout) : listInSession();
        } catch (ProcessFailedException | IOException e) {
            // a one-shot list (an older receiver) is bounded as a whole by the stall timeout
            String bound = e instanceof ProcessFailedException p && p.reason() == ProcessFailedException.Reason.TIMED_OUT
                    ? " (after " + Durations.format(stallTimeout) + ", " + STALL_TIMEOUT_OPTION + ")" : "";
            throw new RestoreException("restore from " + receiver.target() + ": listing " + set + " failed: " + e.getMessage()
                    + bound, e);
        }
        List<Manifest> manifests = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (ListReplyLine line : ListReply.parse(output, JSON)) {
            if (line instanceof ListReplyLine.InvalidManifest invalid) {
                warnings.add(receiver.target() + ":" + set + "/" + NameText.quote(invalid.manifestFile())
                        + ": unreadable manifest: " + NameText.quote(invalid.error()));
            } else if (line instanceof ListReplyLine.NoManifest none) {
                warnings.add(receiver.target() + ":" + set + "/" + NameText.quote(none.file())
                        + ": stream without a manifest: not restorable, never chained on");
            } else if (line instanceof ListReplyLine.Unreadable unreadable) {
                warnings.add(receiver.target() + ": list " + set + ": unreadable reply line '" + NameText.quote(line.text())
                        + "': " + unreadable.reason());
            } else if (line instanceof ListReplyLine.Stream stream) {
                if (!stream.restorable()) {
                    warnings.add(receiver.target() + ":" + set + "/" + NameText.quote(stream.snapshot().value())
                            + ": not restorable: " + NameText.quote(stream.unrestorable().orElse("")));
                }
                if (stream.manifest().isEmpty()) {
                    warnings.add(receiver.target() + ": list " + set + ": unreadable reply line '" + NameText.quote(line.text())
                            + "': " + stream.manifestError().orElse(""));
                } else if (!stream.manifest().get().set().equals(set)) {
                    warnings.add(receiver.target() + ": list " + set + " returned a manifest of " + stream.manifest().get().set()
                            + "; ignored");
                } else {
                    manifests.add(stream.manifest().get());
                }
            }
            // received-snapshot lines (remote-btrfs subvolumes) and a newer receiver's lines hold no stream
        }
        return new Listing(manifests, warnings);
    }

    @Override
    public String describe(Manifest manifest) {
        return receiver.target() + ":" + set + "/" + manifest.streamFile();
    }

    @Override
    public boolean checkableUpFront() {
        return false;
    }

    @Override
    public void checkUpFront(Manifest manifest) {
        throw new UnsupportedOperationException("files on backup-srv are checked while they are received");
    }

    @Override
    public InputStream open(Manifest manifest) throws IOException, RestoreException {
        ReceiverCommand.GetStream get = new ReceiverCommand.GetStream(set, manifest.streamFile());
        try {
            if (oneShot) {
                RunningProcess ssh = receiver.start(get);
                return watched(new ExitCheckedInputStream(ssh), ssh, stallTimeout);
            }
            return session().request(get, describe(manifest));
        } catch (ProcessFailedException e) {
            endSession();
            throw new RestoreException("restore " + manifest.snapshot() + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            endSession();
            throw e;
        }
    }

    /** Ends the read-session, if one is open (the receiver sees end of stdin and exits). */
    @Override
    public void close() {
        endSession();
    }

    /**
     * list over a new session; an older receiver's refusal of read-session itself (exit status 2
     * before any reply) switches this source to one connection per command and lists that way.
     */
    private String listInSession() throws IOException {
        ReadSessionClient client = session();
        try (InputStream body = client.request(new ReceiverCommand.ListSet(set), "list " + set + " from " + receiver.target())) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (ProcessFailedException e) {
            endSession();
            if (client.answered() > 0 || e.reason() != ProcessFailedException.Reason.EXIT_STATUS
                    || e.exitStatus() != ReceiverExit.REFUSED) {
                throw e;
            }
            oneShot = true;
            // the debug line only: an older backup-srv is not a problem, just one connection per command
            LoggerFactory.getLogger(SshSource.class).debug("{} refused read-session ({}); one connection per command",
                    receiver.target(), e.stderrTail().strip());
            return receiver.call(new ReceiverCommand.ListSet(set), stallTimeout);
        } catch (IOException | RuntimeException e) {
            endSession();
            throw e;
        }
    }

    /** The open session, or a new one when none is open or the last one cannot take another request. */
    private ReadSessionClient session() {
        if (session != null && !session.usable()) {
            endSession();
        }
        if (session == null) {
            session = ReadSessionClient.start(receiver, JSON, stallTimeout);
        }
        return session;
    }

    private void endSession() {
        if (session != null) {
            try {
                session.close();
            } finally {
                session = null;
            }
        }
    }
}
