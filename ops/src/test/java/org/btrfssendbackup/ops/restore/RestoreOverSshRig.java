package org.btrfssendbackup.ops.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.lab.LoopbackSshd;
import org.btrfssendbackup.core.testing.SystemTests;

/**
 * backup-srv for the restore-over-ssh system tests: a stored chain ({@link ChainFixture}), a
 * fresh loop btrfs to restore into, and a real sshd on 127.0.0.1 in front of that store, started
 * the way each test needs it (the plain receiver, a fake in front of it, an sshd taking one
 * cipher). Skips (or, when system tests are required, fails) without root, btrfs, ssh or sshd.
 * Close it to stop sshd and unmount both loop filesystems; a failed start cleans up what it made.
 */
public final class RestoreOverSshRig implements AutoCloseable {

    /** Starts backup-srv's sshd over the fixture's store. */
    @FunctionalInterface
    public interface SshdStart {
        LoopbackSshd start(Path storeRoot) throws IOException, InterruptedException;
    }

    public final ChainFixture fixture;
    public final LoopbackSshd sshd;
    private final LoopBtrfs restoreFs;
    private int targets;

    private RestoreOverSshRig(ChainFixture fixture, LoopBtrfs restoreFs, LoopbackSshd sshd) {
        this.fixture = fixture;
        this.restoreFs = restoreFs;
        this.sshd = sshd;
    }

    /** Builds the chain in {@code work} and starts sshd with {@code startSshd}. */
    public static RestoreOverSshRig start(Path work, SshdStart startSshd) throws IOException, InterruptedException {
        SystemTests.assumeLoopBtrfs();
        SystemTests.assumeTool("sshd");
        SystemTests.assumeTool("ssh");
        ChainFixture fixture = ChainFixture.create(work);
        LoopBtrfs restoreFs = null;
        try {
            restoreFs = LoopBtrfs.create();
            return new RestoreOverSshRig(fixture, restoreFs, startSshd.start(fixture.storeRoot));
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            try {
                if (restoreFs != null) {
                    restoreFs.close();
                }
            } finally {
                fixture.close();
            }
            throw e;
        }
    }

    /** A new, empty directory on the restore filesystem. */
    public Path newTarget() throws IOException {
        return Files.createDirectory(restoreFs.mountPoint().resolve("target-" + (++targets)));
    }

    @Override
    public void close() {
        try {
            sshd.close();
        } finally {
            try {
                restoreFs.close();
            } finally {
                fixture.close();
            }
        }
    }
}
