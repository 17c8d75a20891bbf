package org.btrfssendbackup.producer.remote;

import org.btrfssendbackup.core.protocol.PruneReceivedReply;
import org.btrfssendbackup.core.protocol.ReceiveReply;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import org.btrfssendbackup.producer.upload.SshStreamCall;
import java.io.IOException;
import java.time.Duration;
import org.btrfssendbackup.core.config.SshTimeouts;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.CommandResult;
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

    private final ProcessRunner runner;
    private final SshArgs ssh;
    private final Duration stallTimeout;

    public SshRemoteBtrfs(ProcessRunner runner, SshArgs ssh) {
        this(runner, ssh, SshTimeouts.DEFAULT_STALL_TIMEOUT);
    }

    /** @param stallTimeout BACKUP_SSH_STALL_TIMEOUT: the receive's writes share the upload's watchdog */
    public SshRemoteBtrfs(ProcessRunner runner, SshArgs ssh, Duration stallTimeout) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.ssh = Objects.requireNonNull(ssh, "ssh");
        this.stallTimeout = Objects.requireNonNull(stallTimeout, "stallTimeout");
    }

    /** The ssh command line of one remote command (package-visible for the argv table test). */
    CommandLine command(String remoteCommand, Duration timeout) {
        return ssh.remoteCommand(remoteCommand).withTimeout(timeout);
    }

    @Override
    public String openLuks(byte[] key) throws IOException {
        Objects.requireNonNull(key, "key");
        try {
            CommandResult result = runner.run(command(new ReceiverCommand.OpenLuks().format(), LUKS_TIMEOUT), StdinSource.bytes(key));
            return RemoteBtrfsJson.openLuksReply(result.stdoutText());
        } finally {
            Arrays.fill(key, (byte) 0); // also when ssh could not even start
        }
    }

    @Override
    public List<ReceivedSnapshot> listReceived(BackupSetName set) throws IOException {
        CommandResult result = runner.run(command(new ReceiverCommand.ListSet(set).format(), LIST_TIMEOUT));
        return RemoteBtrfsJson.receivedSnapshots(result.stdoutText());
    }

    @Override
    public ReceiveOutcome receive(ReceiveRequest request, PlainStreamWriter writer) throws IOException {
        SshStreamCall.Limits limits = new SshStreamCall.Limits("receive", ssh.target(),
                request.set().value() + "/" + request.snapshot().value(), stallTimeout, REPLY_TIMEOUT);
        SshStreamCall.Result<SentStream> call = SshStreamCall.run(runner, command(request.remoteCommand(), REPLY_TIMEOUT),
                writer::writeTo, limits);
        return new ReceiveOutcome(call.sent(), ReceiveReply.parse(call.reply(), RemoteBtrfsJson.MAPPER));
    }

    @Override
    public PruneReceivedReply pruneReceived(BackupSetName set) throws IOException {
        CommandResult result = runner.run(command(new ReceiverCommand.PruneReceived(set).format(), PRUNE_TIMEOUT));
        return PruneReceivedReply.parse(result.stdoutText(), RemoteBtrfsJson.MAPPER);
    }

    @Override
    public String closeLuks() throws IOException {
        CommandResult result = runner.run(command(new ReceiverCommand.CloseLuks().format(), LUKS_TIMEOUT));
        return RemoteBtrfsJson.closeLuksReply(result.stdoutText());
    }
}
