package org.btrfssendbackup.producer.remote;

import org.btrfssendbackup.core.protocol.PruneReceivedReply;
import org.btrfssendbackup.core.protocol.ReceiveReply;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import org.btrfssendbackup.core.protocol.ReceiverOverSsh;
import org.btrfssendbackup.producer.upload.SshStreamCall;
import java.io.IOException;
import java.time.Duration;
import org.btrfssendbackup.core.config.SshTimeouts;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.process.StdinSource;
import org.btrfssendbackup.core.tools.SshArgs;

/**
 * The remote-btrfs commands over OpenSSH, one {@code ssh -o BatchMode=yes [-p PORT] [-i KEY]
 * TARGET 'COMMAND'} each through the process runner; the forced command on backup-srv sees
 * COMMAND as SSH_ORIGINAL_COMMAND. The LUKS key goes to open-luks's stdin as
 * {@link StdinSource#bytes} (zeroed by the runner once written), never into argv or the
 * environment.
 */
public final class SshRemoteBtrfs implements RemoteBtrfsTransport {

    /** cryptsetup's key derivation (argon2) and the mount take seconds; a hung connection must not hold the run. */
    static final Duration LUKS_TIMEOUT = Duration.ofMinutes(5);
    /** A listing is small and quick. */
    static final Duration LIST_TIMEOUT = Duration.ofMinutes(2);
    /** Deleting many subvolumes can take a while on a slow disk. */
    static final Duration PRUNE_TIMEOUT = Duration.ofMinutes(30);
    /** After the last byte, btrfs receive finishes the subvolume and the receiver syncs it. */
    static final Duration REPLY_TIMEOUT = Duration.ofMinutes(30);

    private final ReceiverOverSsh receiver;
    private final Duration stallTimeout;

    public SshRemoteBtrfs(ProcessRunner runner, SshArgs ssh) {
        this(runner, ssh, SshTimeouts.DEFAULT_STALL_TIMEOUT);
    }

    /** @param stallTimeout BACKUP_SSH_STALL_TIMEOUT: the receive's writes share the upload's watchdog */
    public SshRemoteBtrfs(ProcessRunner runner, SshArgs ssh, Duration stallTimeout) {
        this.receiver = new ReceiverOverSsh(ssh, runner);
        this.stallTimeout = Objects.requireNonNull(stallTimeout, "stallTimeout");
    }

    @Override
    public String openLuks(byte[] key) throws IOException {
        Objects.requireNonNull(key, "key");
        try {
            String reply = receiver.call(new ReceiverCommand.OpenLuks(), LUKS_TIMEOUT, StdinSource.bytes(key));
            return RemoteBtrfsJson.openLuksReply(reply);
        } finally {
            Arrays.fill(key, (byte) 0); // also when ssh could not even start
        }
    }

    @Override
    public List<ReceivedSnapshot> listReceived(BackupSetName set) throws IOException {
        return RemoteBtrfsJson.receivedSnapshots(receiver.call(new ReceiverCommand.ListSet(set), LIST_TIMEOUT));
    }

    @Override
    public ReceiveOutcome receive(ReceiveRequest request, PlainStreamWriter writer) throws IOException {
        SshStreamCall.Limits limits = new SshStreamCall.Limits("receive", receiver.target(),
                request.set().value() + "/" + request.snapshot().value(), stallTimeout, REPLY_TIMEOUT);
        SshStreamCall.Result<SentStream> call = SshStreamCall.run(receiver.runner(),
                receiver.command(request.command()).withTimeout(REPLY_TIMEOUT), writer::writeTo, limits);
        return new ReceiveOutcome(call.sent(), ReceiveReply.parse(call.reply(), RemoteBtrfsJson.MAPPER));
    }

    @Override
    public PruneReceivedReply pruneReceived(BackupSetName set) throws IOException {
        return PruneReceivedReply.parse(receiver.call(new ReceiverCommand.PruneReceived(set), PRUNE_TIMEOUT), RemoteBtrfsJson.MAPPER);
    }

    @Override
    public String closeLuks() throws IOException {
        return RemoteBtrfsJson.closeLuksReply(receiver.call(new ReceiverCommand.CloseLuks(), LUKS_TIMEOUT));
    }
}
