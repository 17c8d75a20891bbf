package org.btrfssendbackup.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.lab.LoopbackSshd;
import org.btrfssendbackup.ops.console.Terminal;
import org.btrfssendbackup.ops.restore.ChainFixture;
import org.btrfssendbackup.ops.restore.RestoreOverSshRig;
import org.btrfssendbackup.ops.rig.ReceiverSshd;
import org.btrfssendbackup.ops.tree.TreeComparison;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code restore --from-ssh} as the operator types it, against a real sshd on 127.0.0.1 that
 * accepts AES-GCM only (as a hardened backup-srv may): the default --ssh-ciphers connects, and a
 * cipher list sshd refuses fails the restore with a message naming --ssh-ciphers and sshd's offer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreSshCiphersSystemTest {

    private static final String ONLY_CIPHER = "aes128-gcm@openssh.com";

    private RestoreOverSshRig rig;
    private ChainFixture fixture;
    private LoopbackSshd sshd;

    @BeforeAll
    void build(@TempDir Path work) throws Exception {
        rig = RestoreOverSshRig.start(work,
                store -> ReceiverSshd.startWithSshdConfig(work, store, wrapper -> List.of("Ciphers " + ONLY_CIPHER), true));
        fixture = rig.fixture;
        sshd = rig.sshd;
    }

    @AfterAll
    void cleanUp() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void theDefaultCipherListRestoresFromAnSshdThatTakesOnlyAesGcm() throws Exception {
        Path target = rig.newTarget();
        ConsoleResult result = restore(target);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        Path restored = target.resolve(ChainFixture.SNAPSHOTS.get(3));
        assertThat(result.out().strip().lines().reduce((a, b) -> b)).contains(restored.toString());
        assertThat(new TreeComparison().compare(fixture.snapshot(3), restored)).isEmpty();
    }

    @Test
    void aCipherListTheSshdRefusesFailsNamingTheOptionAndTheOffer() throws Exception {
        Path target = rig.newTarget();
        ConsoleResult result = restore(target, "--ssh-ciphers", "chacha20-poly1305@openssh.com");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.err()).contains("restore: restore from " + sshd.client().target(),
                "no matching cipher found",
                "backup-srv's sshd accepts none of --ssh-ciphers chacha20-poly1305@openssh.com (it offers "
                        + ONLY_CIPHER + "): name one of those with --ssh-ciphers");
        assertThat(ChainFixture.names(target)).isEmpty();
    }

    private ConsoleResult restore(Path target, String... more) {
        List<String> args = new ArrayList<>(List.of("restore", "--from-ssh", sshd.client().target(),
                "--set", ChainFixture.SET, "--ssh-port", Integer.toString(sshd.port()),
                "--ssh-identity", sshd.clientKey().toString(), "--known-hosts", sshd.knownHosts().toString(),
                "--passphrase-file", fixture.passphraseFile.toString(), "--target", target.toString(), "--no-progress"));
        args.addAll(List.of(more));
        return ConsoleHarness.runRaw(new ConsoleEnvironment(Map.of(), Clock.systemUTC(), Terminal.none()),
                args.toArray(String[]::new));
    }
}
