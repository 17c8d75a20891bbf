package org.btrfssendbackup.ops.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.process.StdinSource;
import org.btrfssendbackup.core.process.StdoutMode;
import org.btrfssendbackup.core.tools.SshArgs;

/**
 * backup-srv's receiver over the producer's restricted key: {@code list SET} for the manifests,
 * {@code get-stream SET FILE} for each stream. Nothing is stored locally first, so files cannot
 * be checked up front: the restore hashes them on the way.
 */
public final class SshSource implements StreamSource {

    private static final ObjectMapper JSON = JsonFormats.line();

    private final SshArgs ssh;
    private final BackupSetName set;
    private final ProcessRunner runner;
    private final List<String> warnings = new ArrayList<>();

    public SshSource(SshArgs ssh, BackupSetName set, ProcessRunner runner) {
        this.ssh = Objects.requireNonNull(ssh, "ssh");
        this.set = Objects.requireNonNull(set, "set");
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    @Override
    public BackupSetName set() {
        return set;
    }

    @Override
    public List<Manifest> manifests() throws RestoreException {
        List<String> lines;
        try {
            lines = runner.run(ssh.remoteCommand("list " + set)).stdoutLines();
        } catch (ProcessFailedException e) {
            throw new RestoreException("restore from " + ssh.target() + ": listing " + set + " failed: " + e.getMessage(), e);
        }
        List<Manifest> manifests = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                if (node.has("status") && "invalid-manifest".equals(node.get("status").asText())) {
                    warnings.add(ssh.target() + ":" + set + "/" + NameText.quote(node.path("manifestFile").asText())
                            + ": unreadable manifest: " + NameText.quote(node.path("error").asText()));
                    continue;
                }
                if (node.has("status") && "no-manifest".equals(node.get("status").asText())) {
                    warnings.add(ssh.target() + ":" + set + "/" + NameText.quote(node.path("file").asText())
                            + ": stream without a manifest: not restorable, never chained on");
                    continue;
                }
                if (node.has("restorable") && !node.get("restorable").asBoolean(true)) {
                    warnings.add(ssh.target() + ":" + set + "/" + NameText.quote(node.path("snapshot").asText())
                            + ": not restorable: " + NameText.quote(node.path("unrestorable").asText()));
                }
                Manifest manifest = ManifestJson.parse(node);
                if (!manifest.set().equals(set)) {
                    warnings.add(ssh.target() + ": list " + set + " returned a manifest of " + manifest.set() + "; ignored");
                    continue;
                }
                manifests.add(manifest);
            } catch (IOException | RuntimeException e) {
                warnings.add(ssh.target() + ": list " + set + ": unreadable reply line '" + NameText.quote(line)
                        + "': " + e.getMessage());
            }
        }
        return manifests;
    }

    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public String describe(Manifest manifest) {
        return ssh.target() + ":" + set + "/" + manifest.streamFile();
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
            RunningProcess get = runner.start(ssh.remoteCommand("get-stream " + set + " " + manifest.streamFile()),
                    StdinSource.none(), StdoutMode.pipe());
            return new ExitCheckedInputStream(get);
        } catch (ProcessFailedException e) {
            throw new RestoreException("restore " + manifest.snapshot() + ": " + e.getMessage(), e);
        }
    }
}
