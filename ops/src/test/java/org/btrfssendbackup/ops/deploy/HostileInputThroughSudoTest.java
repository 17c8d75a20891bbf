package org.btrfssendbackup.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.btrfssendbackup.core.lab.LoopbackSshd;
import org.btrfssendbackup.core.protocol.ReceiverExit;
import org.btrfssendbackup.core.testing.SystemTests;
import org.btrfssendbackup.receiver.ReceiverMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15's hostile inputs through the whole production chain: a real sshd on 127.0.0.1 with
 * the shipped Match block (its ForceCommand given the key binding {@code --sets 'web1-*'}, as
 * the deploy README says), logging in as {@code btrfs-ingest}, then the real sudo with the
 * shipped sudoers file verbatim, then the real receiver JVM with a config file.
 *
 * <p>Nothing of the machine's own /etc or /usr/local changes: sshd runs in a private mount
 * namespace ({@code unshare --mount}) in which the shipped file is bind-mounted as
 * /etc/sudoers.d, a wrapper that execs the receiver as /usr/local/sbin (the path the sudoers
 * line names), and copies of /etc/passwd, shadow and group that add {@code btrfs-ingest}. The
 * account is made there rather than with useradd because the loopback sshd runs without PAM,
 * and sshd then refuses a locked account ("!" in shadow, as useradd and the README's
 * {@code passwd -l} leave it); the copy gives it "*" (no password, not locked). The namespace
 * ends with sshd, so there is nothing to unmount even when a test fails.
 *
 * <p>The wrapper records, per call, the SSH_CLIENT and SUDO_USER it was given and its argument
 * count before it execs the receiver: that the address got through sudo (item 8) is asserted
 * there, as the CommandRefused event that carries it needs a broker (BrokerReceiverEventsTest
 * checks the event's address from that variable).
 */
class HostileInputThroughSudoTest {

    static final String INGEST_USER = "btrfs-ingest";
    static final String SHIPPED_COMMAND = "sudo /usr/local/sbin/btrfs-backup-receive \"$SSH_ORIGINAL_COMMAND\"";
    static final String BOUND_COMMAND = "sudo /usr/local/sbin/btrfs-backup-receive --sets 'web1-*' \"$SSH_ORIGINAL_COMMAND\"";
    static final String SET = "web1-rootfs";
    static final String SNAPSHOT = "web1-rootfs-20260131T020500Z";
    static final String MAX_STREAM_BYTES = "32768";

    @TempDir
    static Path tmp;
    static Path root;
    static Path outside;
    static Path calls;
    static Path marker;
    static LoopbackSshd sshd;
    static final Map<Integer, String> PREFIXES = Map.of(ReceiverExit.REFUSED, "btrfs-backup-receive: refused: ",
            ReceiverExit.FAILED, "btrfs-backup-receive: failed: ",
            ReceiverExit.NO_SPACE, "btrfs-backup-receive: no space left on backup-srv: ");
    static final Map<String, byte[]> INPUTS = new java.util.HashMap<>();

    /** One hostile (or, as the control, valid) call and what it must do. */
    record Row(String name, String command, String stdin, int status, String stderr, boolean stores) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> rows() {
        String put = "put-stream ";
        List<Row> rows = List.of(
                // the controls: the chain works, and a valid upload adds only its own files
                new Row("valid upload (control)", put + SET + " " + SNAPSHOT + " full compression=none", "small",
                        ReceiverExit.OK, null, true),
                new Row("list of the bound set (control)", "list " + SET, "", ReceiverExit.OK, null, false),
                // item 1
                new Row("item 1: plaintext behind an old-format tag 9 header",
                        put + "web1-plain web1-plain-20260131T020500Z full compression=zstd", "tag9",
                        ReceiverExit.REFUSED, "OpenPGP packet type 9 (encrypted data without integrity protection) is refused",
                        false),
                // item 2
                new Row("item 2: new set, snapshot time in the future", put + "web1-future web1-future-29990101T000000Z full",
                        "small", ReceiverExit.REFUSED, "more than 10m (MAX_FUTURE_SKEW) ahead of backup-srv's clock", false),
                new Row("item 2: new set, input not OpenPGP", put + "web1-plain2 web1-plain2-20260131T020500Z full",
                        "plain", ReceiverExit.REFUSED, "the stream is not an OpenPGP message", false),
                // item 4
                new Row("item 4: list of a symlinked set directory", "list web1-link", "", ReceiverExit.FAILED,
                        "list web1-link: BACKUP_ROOT/web1-link is a symbolic link", false),
                new Row("item 4: put-stream into a symlinked set directory",
                        put + "web1-link web1-link-20260131T020500Z full", "small", ReceiverExit.FAILED,
                        "put-stream web1-link: BACKUP_ROOT/web1-link is a symbolic link", false),
                new Row("item 4: get-stream through a symlinked set directory",
                        "get-stream web1-link inner-20260130T000000Z.full.btrfs.gpg", "", ReceiverExit.FAILED,
                        "get-stream web1-link: BACKUP_ROOT/web1-link is a symbolic link", false),
                // item 5
                new Row("item 5: key bound to web1-* lists web2-x", "list web2-x", "", ReceiverExit.REFUSED,
                        "list web2-x: set web2-x is not one this key may touch (the key is bound to --sets 'web1-*')", false),
                new Row("item 5: key bound to web1-* uploads to web2-x", put + "web2-x web2-x-20260131T020500Z full",
                        "small", ReceiverExit.REFUSED, "put-stream web2-x: set web2-x is not one this key may touch", false),
                new Row("item 5: --sets smuggled inside the one argument", "--sets '*' list web2-x", "",
                        ReceiverExit.REFUSED, "unknown command '--sets'", false),
                new Row("item 5: --sets smuggled after the command", "list web2-x --sets '*'", "",
                        ReceiverExit.REFUSED, "list: expected 1 argument(s), got 3", false),
                // item 6
                new Row("item 6: upload over MAX_STREAM_BYTES", put + "web1-big web1-big-20260131T020500Z full", "big",
                        ReceiverExit.NO_SPACE, "larger than MAX_STREAM_BYTES=" + MAX_STREAM_BYTES + " bytes", false),
                // nothing of the command line reaches a shell as root: every word stays a word of the one argument
                // the command line itself
                new Row("shell: ; and a second command", "list " + SET + ";touch " + "MARKER", "",
                        ReceiverExit.REFUSED, "list: expected 1 argument(s), got 2", false),
                new Row("shell: ;rm -rf", "version;rm -rf /", "", ReceiverExit.REFUSED, "unknown command 'version;rm'", false),
                new Row("shell: $(id)", "list $(touch MARKER)", "", ReceiverExit.REFUSED,
                        "list: expected 1 argument(s), got 2", false),
                new Row("shell: backquotes", "list `touch MARKER`", "", ReceiverExit.REFUSED,
                        "list: expected 1 argument(s), got 2", false),
                new Row("shell: && and |", "version && touch MARKER | id", "", ReceiverExit.REFUSED,
                        "version: expected 0 argument(s), got 5", false),
                new Row("path traversal: ../ as the set", "list ../../etc", "", ReceiverExit.REFUSED,
                        "backup set name '../../etc': component '..' is not", false),
                new Row("path traversal: ../ inside the set", "list " + SET + "/../web2-x", "", ReceiverExit.REFUSED,
                        "backup set name '" + SET + "/../web2-x': component '..' is not", false),
                new Row("path traversal: ../ as the file", "get-stream " + SET + " ../../web2-x/web2-x-20260131T020500Z.full.btrfs.gpg",
                        "", ReceiverExit.REFUSED, "get-stream: bad stream file: ", false),
                new Row("path traversal: absolute file", "get-stream " + SET + " /etc/shadow", "", ReceiverExit.REFUSED,
                        "stream file name '/etc/shadow' does not end with .btrfs.gpg", false),
                new Row("long line without NUL", "list " + "web1-" + "a".repeat(60_000), "", ReceiverExit.REFUSED,
                        "command longer than 2048 characters", false),
                new Row("not a receiver command", "sh -c id", "", ReceiverExit.REFUSED, "unknown command 'sh'", false));
        return rows.stream().map(Arguments::of);
    }

    @BeforeAll
    static void startTheChain() throws Exception {
        SystemTests.assumeRoot();
        for (String tool : List.of("sshd", "ssh", "ssh-keygen", "sudo", "unshare", "gpg")) {
            SystemTests.assumeTool(tool);
        }
        // the ingest user reads the authorized_keys file under tmp, so every directory on the way must let it through
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        root = Files.createDirectories(tmp.resolve("backup-root"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        calls = tmp.resolve("calls.log");
        marker = tmp.resolve("marker");
        Path inner = Files.createDirectories(outside.resolve("inner"));
        Files.write(inner.resolve("inner-20260130T000000Z.full.btrfs.gpg"), "another host's ciphertext".getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(root.resolve("web1-link"), inner);

        INPUTS.put("", new byte[0]);
        INPUTS.put("small", gpgEncrypted(4_000, 1));
        INPUTS.put("big", gpgEncrypted(100_000, 2));
        INPUTS.put("plain", "btrfs-stream plaintext that must not be stored\n".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream tag9 = new ByteArrayOutputStream();
        tag9.write(0xa7); // old format, tag 9 (encrypted data without integrity), indeterminate length
        tag9.writeBytes("btrfs-stream: secret plaintext that must not be stored\n".repeat(50).getBytes(StandardCharsets.US_ASCII));
        INPUTS.put("tag9", tag9.toByteArray());

        Path etc = Files.createDirectories(tmp.resolve("etc"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        int uid = freeId();
        writeAccountFile(etc.resolve("passwd"), Path.of("/etc/passwd"),
                INGEST_USER + ":x:" + uid + ":" + uid + ":btrfs-send-backup ingest:" + home + ":/bin/sh");
        writeAccountFile(etc.resolve("shadow"), Path.of("/etc/shadow"), INGEST_USER + ":*:20000:0:99999:7:::");
        writeAccountFile(etc.resolve("group"), Path.of("/etc/group"), INGEST_USER + ":x:" + uid + ":");

        // the shipped sudoers file as it is installed (root:root 0440), nothing changed
        Path sudoersDir = Files.createDirectories(tmp.resolve("sudoers.d"));
        Path sudoers = Files.copy(IngestSudoersTest.SUDOERS, sudoersDir.resolve("btrfs-ingest"));
        Files.setPosixFilePermissions(sudoers, PosixFilePermissions.fromString("r--r-----"));
        Path sbin = Files.createDirectories(tmp.resolve("sbin"));
        writeReceiver(sbin.resolve("btrfs-backup-receive"));

        // the shipped Match block, its ForceCommand with the key binding the README describes
        List<String> block = new ArrayList<>();
        for (String line : IngestSshdBlockTest.blockLines()) {
            block.add(line.replace("ForceCommand " + SHIPPED_COMMAND, "ForceCommand " + BOUND_COMMAND));
        }
        assertThat(block).as("the shipped block still forces the shipped command").contains("    ForceCommand " + BOUND_COMMAND);
        String keyOptions = "command=\"" + BOUND_COMMAND.replace("\"", "\\\"") + "\",restrict";
        List<String> launcher = List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount --bind \"$1\" /etc/sudoers.d && mount --bind \"$2\" /usr/local/sbin"
                        + " && mount --bind \"$3\" /etc/passwd && mount --bind \"$4\" /etc/shadow"
                        + " && mount --bind \"$5\" /etc/group && shift 5 && exec \"$@\"",
                "sh", sudoersDir.toString(), sbin.toString(), etc.resolve("passwd").toString(),
                etc.resolve("shadow").toString(), etc.resolve("group").toString());
        sshd = LoopbackSshd.startAs(Files.createDirectories(tmp.resolve("sshd")), INGEST_USER, keyOptions, block, launcher);
    }

    @AfterAll
    static void stopTheChain() {
        if (sshd != null) {
            sshd.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void hostileInputThroughSshdAndSudo(Row row) throws Exception {
        String command = row.command().replace("MARKER", marker.toString());
        String expectedStderr = row.stderr() == null ? null : row.stderr().replace("BACKUP_ROOT", root.toString());
        Files.deleteIfExists(calls);
        List<String> before = trees();

        Result result = ssh(command, INPUTS.get(row.stdin()));

        assertThat(result.status()).as(result.stderr() + sshd.log()).isEqualTo(row.status());
        // the receiver ran as root through sudo, for the ingest user, with sshd's client address and the command as ONE argument
        assertThat(Files.readAllLines(calls)).as(sshd.log()).singleElement().asString()
                .startsWith("client=127.0.0.1 ").endsWith(" sudo_user=" + INGEST_USER + " uid=0 argc=3");
        assertThat(marker).doesNotExist();
        List<String> after = trees();
        if (row.status() == ReceiverExit.OK) {
            assertThat(result.stderr()).isEmpty();
        } else {
            assertThat(result.stderr()).startsWith(PREFIXES.get(row.status())).contains(expectedStderr).hasLineCount(1)
                    .doesNotContain("secret plaintext");
            assertThat(result.stdout()).isEmpty();
        }
        if (row.stores()) {
            byte[] stream = INPUTS.get(row.stdin());
            assertThat(after).containsAll(before)
                    .contains("backup-root/" + SET + "/" + SNAPSHOT + ".full.btrfs.gpg r-------- " + stream.length + " "
                            + sha256(stream));
            assertThat(after.stream().filter(line -> !before.contains(line)))
                    .allMatch(line -> line.startsWith("backup-root/" + SET + "/"));
        } else {
            assertThat(after).as("the store tree and the directory the symlink points to").isEqualTo(before);
        }
    }

    record Result(int status, String stdout, String stderr) {
    }

    private static Result ssh(String command, byte[] stdin) throws Exception {
        // "--" before the host: ssh reads options after the host too, and a command may start with "--sets"
        List<String> argv = new ArrayList<>(sshd.sshCommand(null));
        argv.add(argv.size() - 1, "--");
        argv.add(command);
        Process process = new ProcessBuilder(argv).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        try (var in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException closedEarly) {
            // a refused upload may close its stdin before all of it is sent: the reply says why
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("ssh " + command + " did not end within 60 s: " + sshd.log());
        }
        return new Result(process.exitValue(), new String(out.get(), StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8));
    }

    /** The wrapper at /usr/local/sbin inside the namespace: records what sudo passed, then execs the receiver JVM. */
    private static void writeReceiver(Path wrapper) throws IOException {
        Path config = tmp.resolve("btrfs-backup-receive.conf");
        Files.writeString(config, "BACKUP_ROOT='" + root + "'\nMAX_STREAM_BYTES=" + MAX_STREAM_BYTES + "\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(wrapper, String.join("\n",
                "#!/bin/sh",
                "umask 077",
                "echo \"client=$SSH_CLIENT sudo_user=$SUDO_USER uid=$(id -u) argc=$#\" >> '" + calls + "'",
                "export " + ReceiverMain.CONFIG_ENV + "='" + config + "'",
                "exec '" + java + "' -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '"
                        + System.getProperty("java.class.path") + "' " + ReceiverMain.class.getName() + " \"$@\"",
                ""));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A copy of {@code system} without any line for the ingest user, plus {@code line}. */
    private static void writeAccountFile(Path copy, Path system, String line) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(system).stream()
                .filter(l -> !l.startsWith(INGEST_USER + ":")).toList());
        lines.add(line);
        Files.write(copy, lines);
        Files.setPosixFilePermissions(copy, Files.getPosixFilePermissions(system));
    }

    /** A uid and gid below 1000 that neither /etc/passwd nor /etc/group uses. */
    private static int freeId() throws IOException {
        Set<String> used = Stream.of("/etc/passwd", "/etc/group").flatMap(file -> {
            try {
                return Files.readAllLines(Path.of(file)).stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).map(line -> line.split(":")).filter(fields -> fields.length > 2).map(fields -> fields[2])
                .collect(Collectors.toSet());
        for (int id = 990; id > 100; id--) {
            if (!used.contains(Integer.toString(id))) {
                return id;
            }
        }
        throw new IllegalStateException("no free system uid/gid between 101 and 990");
    }

    /** Everything under backup-root and outside: relative path, mode, size and hash (symlinks by their target). */
    private static List<String> trees() throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path dir : List.of(root, outside)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted().toList()) {
                    String name = tmp.relativize(p).toString();
                    if (Files.isSymbolicLink(p)) {
                        lines.add(name + " -> " + Files.readSymbolicLink(p));
                    } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        lines.add(name + "/ " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                    } else {
                        byte[] bytes = Files.readAllBytes(p);
                        lines.add(name + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + " "
                                + bytes.length + " " + sha256(bytes));
                    }
                }
            }
        }
        return lines;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Real gpg output from a pipe (partial body lengths, as the producer's pipeline makes it). */
    private static byte[] gpgEncrypted(int size, long seed) throws Exception {
        Path gnupg = Files.createDirectories(tmp.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupg, PosixFilePermissions.fromString("rwx------"));
        Path passphrase = tmp.resolve("passphrase");
        Files.writeString(passphrase, "test passphrase only\n");
        Process gpg = new ProcessBuilder("gpg", "--batch", "--quiet", "--homedir", gnupg.toString(), "--pinentry-mode",
                "loopback", "--passphrase-file", passphrase.toString(), "--symmetric", "--compress-algo", "none")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(gpg.getInputStream()));
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        try (var in = gpg.getOutputStream()) {
            in.write(data);
        }
        assertThat(gpg.waitFor()).as("gpg --symmetric").isZero();
        return out.get();
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
