package org.btrfssendbackup.ops.restore;

import org.btrfssendbackup.ops.rig.ReceiverSshd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.tools.SshArgs;
import org.btrfssendbackup.ops.tree.TreeComparison;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restores straight from backup-srv: a real sshd on 127.0.0.1 whose restricted key runs the real
 * receiver (the forced command, as in the seed's authorized_keys line) over the fixture's store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreFromSshSystemTest {

    private Path work;
    private RestoreOverSshRig rig;
    private ChainFixture fixture;

    @BeforeAll
    void build(@TempDir Path dir) throws Exception {
        work = dir;
        rig = RestoreOverSshRig.start(work, store -> ReceiverSshd.start(work, store));
        fixture = rig.fixture;
    }

    @AfterAll
    void cleanUp() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void restoresTheNewestSnapshotOverSshIdentically() throws Exception {
        Path target = rig.newTarget();
        RestoreResult result = restore(Optional.empty(), target);

        assertThat(result.receivedCount()).isEqualTo(4);
        assertThat(result.links()).allSatisfy(l -> assertThat(l.storedBytes()).isPositive());
        assertThat(new TreeComparison().compare(fixture.snapshot(3), result.restoredPath())).isEmpty();
    }

    @Test
    void aChecksumThatFailsAtTheEndDeletesTheJustReceivedSubvolume() throws Exception {
        Path manifest = fixture.manifestFile(1);
        String original = Files.readString(manifest);
        try {
            Files.writeString(manifest, original.replaceFirst("sha256=[0-9a-f]{64}", "sha256=" + "0".repeat(64)));
            Path target = rig.newTarget();

            assertThatThrownBy(() -> restore(Optional.empty(), target))
                    .hasMessageContaining("restore " + ChainFixture.SNAPSHOTS.get(1))
                    .hasMessageContaining("127.0.0.1:" + ChainFixture.SET + "/" + fixture.streamFile(1).getFileName())
                    .hasMessageContaining("bad checksum: expected sha256 " + "0".repeat(64));
            assertThat(ChainFixture.names(target)).containsExactly(ChainFixture.SNAPSHOTS.get(0));
        } finally {
            Files.writeString(manifest, original);
        }
    }

    @Test
    void aMissingParentOnTheServerIsNamed() throws Exception {
        Path stream = fixture.streamFile(2);
        Path manifest = fixture.manifestFile(2);
        Path aside = Files.createDirectories(work.resolve("aside"));
        Files.move(stream, aside.resolve(stream.getFileName()));
        Files.move(manifest, aside.resolve(manifest.getFileName()));
        try {
            Path target = rig.newTarget();
            assertThatThrownBy(() -> restore(Optional.empty(), target))
                    .hasMessageContaining("missing link: parent " + ChainFixture.SNAPSHOTS.get(2) + " of "
                            + ChainFixture.SNAPSHOTS.get(3));
            assertThat(ChainFixture.names(target)).isEmpty();
        } finally {
            Files.move(aside.resolve(stream.getFileName()), stream);
            Files.move(aside.resolve(manifest.getFileName()), manifest);
        }
    }

    private RestoreResult restore(Optional<String> snapshot, Path target) throws Exception {
        SshArgs ssh = rig.sshd.client();
        try (Passphrase passphrase = Passphrase.fromFile(fixture.passphraseFile);
             SshSource source = new SshSource(ssh, BackupSetName.of(ChainFixture.SET), fixture.runner)) {
            return new Restorer(fixture.btrfs, RestoreReporter.silent()).restore(source, snapshot, passphrase, target);
        }
    }
}
