package org.btrfssendbackup.receiver;

import org.btrfssendbackup.core.protocol.ReceiverExit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.btrfssendbackup.core.protocol.ReceiverProtocol;
import org.btrfssendbackup.core.lab.LoopbackSshd;
import org.btrfssendbackup.core.testing.SystemTests;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The receiver as the real forced command of a restricted key behind a real sshd, with a
 * real gpg-encrypted stream. The forced command mirrors the seed's line (minus sudo, as the
 * tests already run as root): {@code command="WRAPPER \"$SSH_ORIGINAL_COMMAND\"",restrict}.
 */
class ReceiverOverSshTest {

    static final String SET = "prod-srv/rootfs";
    static final String S1 = "prod-srv-rootfs-20260131T020500Z";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Result(int status, byte[] stdout, String stderr) {
    }

    @Test
    void storesListsAndReturnsARealGpgStreamOverSsh() throws Exception {
        requireSshd();
        SystemTests.assumeTool("gpg");
        Path stream = gpgEncryptedRandomData(3 * 1024 * 1024);
        try (LoopbackSshd sshd = startReceiverSshd()) {
            Result version = ssh(sshd, "version", null);
            assertThat(version.status()).as(version.stderr() + sshd.log()).isZero();
            assertThat(JSON.readTree(version.stdout()).get("protocol").asInt()).isEqualTo(ReceiverProtocol.VERSION);

            String put = "put-stream " + SET + " " + S1 + " full compression=none";
            Result stored = ssh(sshd, put, stream);
            assertThat(stored.status()).as(stored.stderr()).isZero();
            JsonNode reply = JSON.readTree(stored.stdout());
            assertThat(reply.get("status").asText()).isEqualTo("stored");
            assertThat(reply.get("bytes").asLong()).isEqualTo(Files.size(stream));
            assertThat(reply.get("sha256").asText()).isEqualTo(PutStreamTest.sha256(Files.readAllBytes(stream)));
            Path storedFile = tmp.resolve("backup-root").resolve(SET).resolve(S1 + ".full.btrfs.gpg");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storedFile))).isEqualTo("r--------");

            Result again = ssh(sshd, put, stream);
            assertThat(JSON.readTree(again.stdout()).get("status").asText()).isEqualTo("already-stored");

            Result list = ssh(sshd, "list " + SET, null);
            assertThat(list.status()).isZero();
            assertThat(new String(list.stdout(), StandardCharsets.UTF_8).lines()).singleElement()
                    .satisfies(line -> assertThat(JSON.readTree(line).get("file").asText()).isEqualTo(S1 + ".full.btrfs.gpg"));

            Result get = ssh(sshd, "get-stream " + SET + " " + S1 + ".full.btrfs.gpg", null);
            assertThat(get.status()).isZero();
            assertThat(get.stdout()).isEqualTo(Files.readAllBytes(stream));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ls /", "sh -c id", "version;id", "version && id", "list ../../etc", "list $(id)",
            "get-stream " + SET + " /etc/shadow", "put-stream " + SET + " " + S1 + "  full", "cat /etc/passwd",
            "scp -t /tmp", "open-luks"})
    void refusesEverythingElseOverSsh(String command) throws Exception {
        requireSshd();
        try (LoopbackSshd sshd = startReceiverSshd()) {
            Result refused = ssh(sshd, command, null);
            assertThat(refused.status()).as(refused.stderr() + sshd.log()).isEqualTo(ReceiverExit.REFUSED);
            assertThat(refused.stderr()).startsWith("btrfs-backup-receive: refused: ").hasLineCount(1);
            assertThat(refused.stdout()).isEmpty();
            assertThat(tmp.resolve("marker")).doesNotExist();
        }
    }

    @Test
    void refusesALoginWithoutCommand() throws Exception {
        requireSshd();
        try (LoopbackSshd sshd = startReceiverSshd()) {
            Result refused = ssh(sshd, null, null);
            assertThat(refused.status()).as(refused.stderr()).isEqualTo(ReceiverExit.REFUSED);
            assertThat(refused.stderr()).contains("empty command");
        }
    }

    private LoopbackSshd startReceiverSshd() throws IOException, InterruptedException {
        return startReceiverSshd(tmp, Files.createDirectories(tmp.resolve("backup-root")));
    }

    /** The receiver as the forced command behind a real sshd, storing under {@code root}. */
    static LoopbackSshd startReceiverSshd(Path tmp, Path root) throws IOException, InterruptedException {
        return startReceiverSshd(tmp, root, "");
    }

    /** @param moreConfig further lines of the receiver's config file */
    static LoopbackSshd startReceiverSshd(Path tmp, Path root, String moreConfig) throws IOException, InterruptedException {
        return LoopbackSshd.start(Files.createDirectories(tmp.resolve("sshd")),
                receiverWrapper(tmp, root, moreConfig) + " \"$SSH_ORIGINAL_COMMAND\"");
    }

    /** A script that runs ReceiverMain with its arguments, storing under {@code root}. */
    static Path receiverWrapper(Path tmp, Path root) throws IOException {
        return receiverWrapper(tmp, root, "");
    }

    /** As {@link #receiverWrapper(Path, Path)}, {@code moreConfig} being further lines of the receiver's config file. */
    static Path receiverWrapper(Path tmp, Path root, String moreConfig) throws IOException {
        // settings reach the receiver the way they do in production: through its config file
        Path config = tmp.resolve("btrfs-backup-receive.conf");
        Files.writeString(config, "BACKUP_ROOT='" + root + "'\n" + moreConfig);
        Path wrapper = tmp.resolve("btrfs-backup-receive");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(wrapper, String.join("\n",
                "#!/bin/sh",
                "umask 077",
                "export " + ReceiverMain.CONFIG_ENV + "='" + config + "'",
                "exec '" + java + "' -Xmx64m -cp '" + System.getProperty("java.class.path") + "' "
                        + ReceiverMain.class.getName() + " \"$@\"",
                ""));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        return wrapper;
    }

    static Result ssh(LoopbackSshd sshd, String command, Path stdin) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(sshd.sshCommand(command));
        builder.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                : ProcessBuilder.Redirect.from(stdin.toFile()));
        Process process = builder.start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        byte[] out = process.getInputStream().readAllBytes();
        int status = process.waitFor();
        return new Result(status, out, new String(err.get(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Real gpg output from a pipe (so gpg uses partial body lengths, as in the seed's pipeline). */
    private Path gpgEncryptedRandomData(int size) throws Exception {
        Path passphrase = tmp.resolve("passphrase");
        Files.writeString(passphrase, "test passphrase only\n");
        Path output = tmp.resolve("stream.btrfs.gpg");
        Process gpg = new ProcessBuilder("gpg", "--batch", "--quiet", "--homedir", Files.createDirectories(tmp.resolve("gnupg")).toString(),
                "--pinentry-mode", "loopback", "--passphrase-file", passphrase.toString(), "--symmetric",
                "--output", output.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] data = new byte[size];
        new Random(7).nextBytes(data);
        try (var in = gpg.getOutputStream()) {
            in.write(data);
        }
        Assertions.assertEquals(0, gpg.waitFor(), "gpg --symmetric");
        return output;
    }

    /** sshd runs as root (privilege separation, host keys); the client tools come with it. */
    static void requireSshd() {
        SystemTests.assumeRoot();
        SystemTests.assumeTool("sshd");
        SystemTests.assumeTool("ssh");
        SystemTests.assumeTool("ssh-keygen");
    }
}
