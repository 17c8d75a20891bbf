package org.btrfssendbackup.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.core.lab.LoopbackSshd;
import org.btrfssendbackup.core.testing.SystemTests;
import org.btrfssendbackup.ops.rig.ReceiverSshd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped sshd block for the ingest user (ops/deploy/backup-srv/sshd-btrfs-ingest.conf)
 * behind a real sshd on 127.0.0.1, appended to its config as sshd_config.d would include it.
 * The server before it allows tunnels and forwards, so the block must win. The tests run as
 * root, so the block's user becomes root and the receiver path the test
 * wrapper; nothing else of the block changes. Each case runs with the shipped
 * authorized_keys options ({@code command=...,restrict}) and with a bare key (a key line that
 * lost its options): the block alone must hold.
 */
class IngestSshdBlockTest {

    // surefire runs in the module directory (ops/)
    static final Path BLOCK = Path.of("deploy", "backup-srv", "sshd-btrfs-ingest.conf");
    static final Path AUTHORIZED_KEYS = Path.of("deploy", "backup-srv", "authorized_keys.example");
    static final String SHIPPED_RECEIVER = "sudo /usr/local/sbin/btrfs-backup-receive";
    static final String RESTRICTED = "restricted";
    static final String BARE = "bare";
    static final Duration SSH_TIMEOUT = Duration.ofSeconds(20);
    /** A server that allows everything the block forbids, before the block: the block must win. */
    static final List<String> PERMISSIVE_SERVER = List.of("PermitTunnel yes", "AllowTcpForwarding yes",
            "AllowAgentForwarding yes", "X11Forwarding yes", "PermitTTY yes");

    @TempDir
    Path tmp;

    record Result(int status, String stdout, String stderr) {
    }

    @Test
    void theForcedCommandIsTheOneAuthorizedKeysRuns() throws IOException {
        Matcher keyCommand = Pattern.compile("^command=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(Files.readString(AUTHORIZED_KEYS));
        assertThat(keyCommand.find()).isTrue();
        assertThat(blockLines()).contains("    ForceCommand " + keyCommand.group(1).replace("\\\"", "\""));
        assertThat(blockLines()).filteredOn(line -> line.startsWith("Match ")).containsExactly("Match User btrfs-ingest");
    }

    @Test
    void sshdAcceptsTheShippedBlockAsIs() throws Exception {
        requireSshd();
        Path config = tmp.resolve("sshd_config");
        Files.writeString(config, String.join("\n", "Port " + LoopbackPorts.free(), "ListenAddress 127.0.0.1",
                "HostKey " + hostKey(), "UsePAM no", "Include " + BLOCK.toAbsolutePath(), ""));
        Result check = run(List.of(LoopbackSshd.SSHD, "-t", "-f", config.toString()), Map.of());
        assertThat(check.status()).as(check.stderr()).isZero();
        // the control: sshd -t does read the block (a misspelt keyword in it is refused)
        Path broken = tmp.resolve("broken.conf");
        Files.writeString(broken, Files.readString(BLOCK).replace("PermitTunnel no", "PermitTunel no"));
        Files.writeString(config, Files.readString(config).replace(BLOCK.toAbsolutePath().toString(), broken.toString()));
        assertThat(run(List.of(LoopbackSshd.SSHD, "-t", "-f", config.toString()), Map.of()).status()).isNotZero();
    }

    /**
     * Debian's layout: sshd_config includes sshd_config.d/*.conf at its top. The block ends
     * with its file (the main config's later lines are not swallowed by it) and wins for the
     * ingest user over the main config's permissive settings.
     */
    @Test
    void includedAtTheTopItBindsTheIngestUserOnly() throws Exception {
        requireSshd();
        Path config = tmp.resolve("sshd_config");
        List<String> main = new ArrayList<>(List.of("Include " + BLOCK.toAbsolutePath(), "Port " + LoopbackPorts.free(),
                "HostKey " + hostKey(), "UsePAM no"));
        main.addAll(PERMISSIVE_SERVER);
        Files.writeString(config, String.join("\n", main) + "\n");
        String ingest = effective(config, "btrfs-ingest");
        assertThat(ingest.lines()).contains("permittunnel no", "allowtcpforwarding no", "x11forwarding no",
                "permittty no", "allowagentforwarding no", "allowstreamlocalforwarding no",
                "forcecommand " + SHIPPED_RECEIVER + " \"$SSH_ORIGINAL_COMMAND\"");
        assertThat(effective(config, "alice").lines()).contains("permittunnel yes", "x11forwarding yes", "forcecommand none");
    }

    private static String effective(Path config, String user) throws Exception {
        Result result = run(List.of(LoopbackSshd.SSHD, "-T", "-f", config.toString(), "-C",
                "user=" + user + ",host=prod-srv,addr=192.0.2.7"), Map.of());
        assertThat(result.status()).as(result.stderr()).isZero();
        return result.stdout();
    }

    @ParameterizedTest
    @ValueSource(strings = {RESTRICTED, BARE})
    void theForcedCommandStillWorks(String key) throws Exception {
        try (LoopbackSshd sshd = start(key, UnaryOperator.identity())) {
            Result version = ssh(sshd, List.of(), "version");
            assertThat(version.status()).as(version.stderr() + sshd.log()).isZero();
            assertThat(version.stdout()).contains("\"protocol\"");
            // a bare key asking for a shell gets the receiver, not a shell
            Result shell = ssh(sshd, List.of(), "id");
            assertThat(shell.stderr()).startsWith("btrfs-backup-receive: refused: ");
            assertThat(shell.stdout()).doesNotContain("uid=");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {RESTRICTED, BARE})
    void tunnelDevicesRemoteForwardsAndTtysAreRefused(String key) throws Exception {
        try (LoopbackSshd sshd = start(key, UnaryOperator.identity())) {
            Result tunnel = ssh(sshd, List.of("-o", "ExitOnForwardFailure=yes", "-w", "any:any"), "version");
            assertThat(tunnel.stderr()).as(sshd.log()).contains("Tunnel forwarding failed");
            assertThat(tunnel.status()).isEqualTo(255);

            int remotePort = LoopbackPorts.free();
            Result remote = ssh(sshd, List.of("-o", "ExitOnForwardFailure=yes", "-R",
                    "127.0.0.1:" + remotePort + ":127.0.0.1:" + sshd.port()), "version");
            assertThat(remote.stderr()).contains("remote port forwarding failed");
            assertThat(remote.status()).isEqualTo(255);

            Result tty = ssh(sshd, List.of("-tt"), "version");
            assertThat(tty.stderr()).contains("PTY allocation request failed");
        }
    }

    /**
     * The control for the tunnel case: on that permissive server, without the block, the
     * shipped key's {@code restrict} lets a tunnel device open (the session then stays up).
     */
    @Test
    void withoutTheBlockTheRestrictedKeyOpensATunnel() throws Exception {
        requireSshd();
        try (LoopbackSshd sshd = ReceiverSshd.startWithSshdConfig(tmp, Files.createDirectories(tmp.resolve("backup-root")),
                wrapper -> PERMISSIVE_SERVER, true)) {
            List<String> argv = sshArgv(sshd, List.of("-o", "ExitOnForwardFailure=yes", "-w", "any:any"), "version");
            Path log = tmp.resolve("ssh.log");
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean ended = process.waitFor(5, TimeUnit.SECONDS);
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
            String output = Files.readString(log);
            assertThat(output).doesNotContain("Tunnel forwarding failed");
            assertThat(ended).as("the tunnel keeps the session up: " + output).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {RESTRICTED, BARE})
    void localAndDynamicForwardsDoNotConnect(String key) throws Exception {
        try (LoopbackSshd sshd = start(key, UnaryOperator.identity())) {
            // the forward's target is sshd itself: a working forward would read its banner
            int local = LoopbackPorts.free();
            try (Forward forward = Forward.open(sshd, List.of("-L", "127.0.0.1:" + local + ":127.0.0.1:" + sshd.port()), local)) {
                assertThat(forward.read(new byte[0])).as(sshd.log()).doesNotContain("SSH-");
            }
            int socks = LoopbackPorts.free();
            try (Forward forward = Forward.open(sshd, List.of("-D", "127.0.0.1:" + socks), socks)) {
                int port = sshd.port();
                byte[] request = {5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1, (byte) (port >> 8), (byte) port};
                assertThat(forward.read(request)).as(sshd.log()).doesNotContain("SSH-");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {RESTRICTED, BARE})
    void agentForwardingIsIneffective(String key) throws Exception {
        SystemTests.assumeTool("ssh-agent");
        // a probe in place of the receiver shows whether the session got an agent socket
        try (Agent agent = Agent.start(tmp);
             LoopbackSshd sshd = start(key, eachLine(line -> line.startsWith("    ForceCommand ")
                     ? "    ForceCommand echo \"agent=${SSH_AUTH_SOCK:-none}\"" : line))) {
            Result probe = ssh(sshd, List.of("-A"), "x", agent.env());
            assertThat(probe.stdout()).as(probe.stderr() + sshd.log()).contains("agent=none");
        }
    }

    @Test
    void withoutAllowAgentForwardingNoTheProbeSeesTheAgent() throws Exception {
        SystemTests.assumeTool("ssh-agent");
        // the control for the test above: the probe does see a forwarded agent
        try (Agent agent = Agent.start(tmp);
             LoopbackSshd sshd = start(BARE, eachLine(line -> line.startsWith("    ForceCommand ")
                     ? "    ForceCommand echo \"agent=${SSH_AUTH_SOCK:-none}\""
                     : line.equals("    AllowAgentForwarding no") ? "    AllowAgentForwarding yes" : line))) {
            Result probe = ssh(sshd, List.of("-A"), "x", agent.env());
            assertThat(probe.stdout()).as(probe.stderr() + sshd.log()).contains("agent=/").doesNotContain("agent=none");
        }
    }

    // --- helpers ---

    private static UnaryOperator<List<String>> eachLine(UnaryOperator<String> change) {
        return lines -> lines.stream().map(change).toList();
    }

    private LoopbackSshd start(String key, UnaryOperator<List<String>> adapt) throws Exception {
        requireSshd();
        Path root = Files.createDirectories(tmp.resolve("backup-root"));
        return ReceiverSshd.startWithSshdConfig(tmp, root, wrapper -> {
            List<String> lines = new ArrayList<>(PERMISSIVE_SERVER);
            for (String line : blockLines()) {
                if (line.equals("Match User btrfs-ingest")) {
                    lines.add("Match User " + System.getProperty("user.name"));
                    // the tests' user is root: a bare key may log in only when the block allows it
                    lines.add("    PermitRootLogin prohibit-password");
                } else {
                    lines.add(line.replace(SHIPPED_RECEIVER, wrapper.toString()));
                }
            }
            return adapt.apply(lines);
        }, key.equals(RESTRICTED));
    }

    static List<String> blockLines() {
        try {
            return new ArrayList<>(Files.readAllLines(BLOCK));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path hostKey() throws Exception {
        Path key = tmp.resolve("host_ed25519");
        assertThat(run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), Map.of()).status()).isZero();
        return key;
    }

    static Result ssh(LoopbackSshd sshd, List<String> options, String command) throws Exception {
        return ssh(sshd, options, command, Map.of());
    }

    static Result ssh(LoopbackSshd sshd, List<String> options, String command, Map<String, String> env) throws Exception {
        return run(sshArgv(sshd, options, command), env);
    }

    static List<String> sshArgv(LoopbackSshd sshd, List<String> options, String command) {
        List<String> base = sshd.sshCommand(command);
        List<String> argv = new ArrayList<>(base.subList(0, 1));
        argv.addAll(options);
        argv.addAll(base.subList(1, base.size()));
        return argv;
    }

    static Result run(List<String> argv, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        Process process = builder.start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        if (!process.waitFor(SSH_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(argv + " did not end within " + SSH_TIMEOUT);
        }
        return new Result(process.exitValue(), new String(out.get(), StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void requireSshd() {
        SystemTests.assumeRoot();
        SystemTests.assumeTool("sshd");
        SystemTests.assumeTool("ssh");
        SystemTests.assumeTool("ssh-keygen");
    }

    /** An {@code ssh -N} holding a local or dynamic forward on {@code port} until closed. */
    private record Forward(Process process, int port) implements AutoCloseable {

        static Forward open(LoopbackSshd sshd, List<String> forward, int port) throws Exception {
            List<String> options = new ArrayList<>(List.of("-N"));
            options.addAll(forward);
            Process process = new ProcessBuilder(sshArgv(sshd, options, null))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Instant deadline = Instant.now().plus(SSH_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return new Forward(process, port);
                } catch (IOException notYet) {
                    if (!process.isAlive()) {
                        throw new AssertionError("ssh " + forward + " exited " + process.exitValue());
                    }
                    Thread.sleep(50);
                }
            }
            process.destroyForcibly();
            throw new AssertionError("ssh " + forward + " did not listen on " + port);
        }

        /** Sends {@code request}, then reads what comes back until EOF or 3 s of silence. */
        String read(byte[] request) throws IOException {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                socket.setSoTimeout(3000);
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                byte[] buffer = new byte[256];
                try {
                    for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                        got.write(buffer, 0, n);
                    }
                } catch (SocketTimeoutException | java.net.SocketException silentOrReset) {
                    // nothing more arrives: what came so far is the answer
                }
                return got.toString(StandardCharsets.ISO_8859_1);
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** An empty ssh-agent on a socket in the test directory: forwarding needs no key in it. */
    private record Agent(Process process, Path socket) implements AutoCloseable {

        static Agent start(Path tmp) throws Exception {
            Path socket = tmp.resolve("agent.sock");
            Process process = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Instant deadline = Instant.now().plusSeconds(10);
            while (!Files.exists(socket) && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            return new Agent(process, socket);
        }

        Map<String, String> env() {
            return Map.of("SSH_AUTH_SOCK", socket.toString());
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
