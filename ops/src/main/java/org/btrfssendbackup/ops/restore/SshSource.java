package org.btrfssendbackup.ops.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.btrfssendbackup.messages.JsonFormats;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.NameText;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.process.ExitCheckedInputStream;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.protocol.ListReply;
import org.btrfssendbackup.core.protocol.ListReplyLine;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import org.btrfssendbackup.core.protocol.ReceiverOverSsh;
import org.btrfssendbackup.core.tools.SshArgs;

/**
 * backup-srv's receiver over the producer's restricted key: {@code list SET} for the manifests,
 * {@code get-stream SET FILE} for each stream. Nothing is stored locally first, so files cannot
 * be checked up front: the restore hashes them on the way.
 */
public final class SshSource implements StreamSource {

    private static final ObjectMapper JSON = JsonFormats.line();

    private final ReceiverOverSsh receiver;
    private final BackupSetName set;

    public SshSource(SshArgs ssh, BackupSetName set, ProcessRunner runner) {
        this.receiver = new ReceiverOverSsh(ssh, runner);
        this.set = Objects.requireNonNull(set, "set");
    }

    @Override
    public BackupSetName set() {
        return set;
    }

    @Override
    public Listing list() throws RestoreException {
        String output;
        try {
            output = receiver.call(new ReceiverCommand.ListSet(set));
        } catch (ProcessFailedException e) {
            throw new RestoreException("restore from " + receiver.target() + ": listing " + set + " failed: " + e.getMessage(), e);
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
    public InputStream open(Manifest manifest) throws RestoreException {
        try {
            return new ExitCheckedInputStream(receiver.start(new ReceiverCommand.GetStream(set, manifest.streamFile())));
        } catch (ProcessFailedException e) {
            throw new RestoreException("restore " + manifest.snapshot() + ": " + e.getMessage(), e);
        }
    }
}
