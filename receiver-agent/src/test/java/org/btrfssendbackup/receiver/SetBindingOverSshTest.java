package org.btrfssendbackup.receiver;

import org.btrfssendbackup.core.protocol.ReceiverExit;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.btrfssendbackup.core.lab.LoopbackSshd;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key-to-set binding through a real sshd: the forced command's {@code --sets} holds, the
 * caller's command stays one argument; and where sshd takes the forced command from when both
 * authorized_keys and a ForceCommand give one (the deploy docs depend on it).
 */
class SetBindingOverSshTest {

    static final String BOUND = " --sets 'web1-*' \"$SSH_ORIGINAL_COMMAND\"";

    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void store() throws Exception {
        ReceiverOverSshTest.requireSshd();
        root = Files.createDirectories(tmp.resolve("backup-root"));
    }

    @Test
    void theAuthorizedKeysForcedCommandBindsTheKey() throws Exception {
        Path wrapper = ReceiverOverSshTest.receiverWrapper(tmp, root);
        try (LoopbackSshd sshd = LoopbackSshd.start(Files.createDirectories(tmp.resolve("sshd")), wrapper + BOUND)) {
            assertRefused(sshd, "list web2");
            assertRefused(sshd, "get-stream web2 p-20260130T000000Z.full.btrfs.gpg");
            // the caller cannot widen its binding: its whole command is one argument after --sets
            assertRefused(sshd, "list web2 --sets web2");
            ReceiverOverSshTest.Result own = ReceiverOverSshTest.ssh(sshd, "list web1-rootfs", null);
            assertThat(own.status()).as(own.stderr() + sshd.log()).isZero();
            assertThat(ReceiverOverSshTest.ssh(sshd, "version", null).status()).isZero();
        }
        assertThat(root.resolve("web2")).doesNotExist();
    }

    @Test
    void aForceCommandWithTheBindingHoldsEvenForAKeyLineWithoutOptions() throws Exception {
        Path wrapper = ReceiverOverSshTest.receiverWrapper(tmp, root);
        try (LoopbackSshd sshd = LoopbackSshd.startWith(Files.createDirectories(tmp.resolve("sshd")), "",
                matchRoot("ForceCommand " + wrapper + BOUND))) {
            assertRefused(sshd, "list web2");
            assertThat(ReceiverOverSshTest.ssh(sshd, "list web1-rootfs", null).status()).isZero();
        }
    }

    @Test
    void aForceCommandWithoutTheBindingOverridesTheKeysBoundCommand() throws Exception {
        // sshd runs ForceCommand instead of the key's command=: --sets only in authorized_keys is
        // void behind an unbound ForceCommand; the deploy docs say to put it in the ForceCommand
        Path wrapper = ReceiverOverSshTest.receiverWrapper(tmp, root);
        String keyOptions = "command=\"" + (wrapper + BOUND).replace("\"", "\\\"") + "\",restrict";
        try (LoopbackSshd sshd = LoopbackSshd.startWith(Files.createDirectories(tmp.resolve("sshd")), keyOptions,
                matchRoot("ForceCommand " + wrapper + " \"$SSH_ORIGINAL_COMMAND\""))) {
            ReceiverOverSshTest.Result r = ReceiverOverSshTest.ssh(sshd, "list web2", null);
            assertThat(r.status()).as(r.stderr() + sshd.log()).isZero();
        }
    }

    /** As the shipped Match block does for the ingest user; the tests log in as root, which needs a key to be allowed bare. */
    private static List<String> matchRoot(String forceCommand) {
        return List.of("Match User " + System.getProperty("user.name"), "    PermitRootLogin prohibit-password",
                "    " + forceCommand);
    }

    private static void assertRefused(LoopbackSshd sshd, String command) throws Exception {
        ReceiverOverSshTest.Result r = ReceiverOverSshTest.ssh(sshd, command, null);
        assertThat(r.status()).as(r.stderr() + sshd.log()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(r.stderr()).startsWith("btrfs-backup-receive: refused: ").hasLineCount(1);
        assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).isEmpty();
    }
}
