package org.btrfssendbackup.core.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.process.StdinSource;
import org.btrfssendbackup.core.process.StdoutMode;
import org.btrfssendbackup.core.tools.SshArgs;

/**
 * A real OpenSSH server on 127.0.0.1 for the demo and the tests: its own host key, config and
 * authorized_keys in a temporary directory, and one client key restricted to a forced command,
 * exactly like the seed's authorized_keys line ({@code command="...",restrict}).
 *
 * <p>The demo and the tests run as root, so the config allows root only with forced commands
 * (PermitRootLogin forced-commands-only). StrictModes is off because the temporary directory
 * lives under a world-writable /tmp; UsePAM is off so no system login stack is involved.
 * ssh-keygen and sshd run through the one process runner; sshd logs to a file (-E) so that
 * {@link #log()} can quote it in failures. {@link #close()} stops sshd.
 *
 * @param dir     its keys, config, pid file and log
 * @param process the running sshd
 * @param client  the ssh client's target, port, key and known_hosts for this sshd, as the producer's SSH
 *                settings hold them
 */
public record LoopbackSshd(Path dir, RunningProcess process, SshArgs client) implements AutoCloseable {

    public static final String SSHD = "/usr/sbin/sshd";
    private static final String LOOPBACK = "127.0.0.1";

    private static final Duration KEYGEN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(15);

    /**
     * @param dir an empty temporary directory for keys, config and logs
     * @param forcedCommand what the restricted key runs (may use $SSH_ORIGINAL_COMMAND)
     */
    public static LoopbackSshd start(Path dir, String forcedCommand) throws IOException, InterruptedException {
        return startWith(dir, "command=\"" + forcedCommand.replace("\"", "\\\"") + "\",restrict", List.of());
    }

    /**
     * As {@link #start(Path, String)} with the client key's authorized_keys options given whole
     * ({@code ""}: a bare key) and more lines appended to sshd_config (e.g. a shipped Match block).
     */
    public static LoopbackSshd startWith(Path dir, String keyOptions, List<String> moreConfigLines)
            throws IOException, InterruptedException {
        return startAs(dir, System.getProperty("user.name"), keyOptions, moreConfigLines, List.of());
    }

    /**
     * As {@link #startWith(Path, String, List)}, the key logging in as {@code loginUser} (the
     * only user AllowUsers lets in; it must be able to read {@code dir}, as sshd reads the
     * authorized_keys file as that user) and sshd started through {@code launcher} (argv put
     * before sshd's own, which the launcher must exec: e.g. {@code unshare --mount ...} so the
     * sessions see a private /etc/sudoers.d).
     */
    public static LoopbackSshd startAs(Path dir, String loginUser, String keyOptions, List<String> moreConfigLines,
                                       List<String> launcher) throws IOException, InterruptedException {
        return startAs(dir, loginUser, keyOptions, moreConfigLines, launcher, LOOPBACK);
    }

    /**
     * As {@link #startAs(Path, String, String, List, List)}, listening on {@code address} (an
     * IPv4 address) instead of 127.0.0.1: e.g. backup-srv's address in a network namespace the
     * launcher ({@code ip netns exec NS}) puts sshd in. This JVM may not reach that address, so
     * sshd counts as listening when its log says so rather than when a connection succeeds.
     */
    public static LoopbackSshd startAs(Path dir, String loginUser, String keyOptions, List<String> moreConfigLines,
                                       List<String> launcher, String address) throws IOException, InterruptedException {
        ProcessRunner runner = new LocalProcessRunner();
        Path hostKey = dir.resolve("host_ed25519");
        Path clientKey = dir.resolve("client_ed25519");
        runner.run(keygen("loopback-host", hostKey));
        runner.run(keygen("loopback-client", clientKey));
        String clientPublic = Files.readString(dir.resolve("client_ed25519.pub")).strip();
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, (keyOptions.isEmpty() ? "" : keyOptions + " ") + clientPublic + "\n");
        int port = LoopbackPorts.free();
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[" + address + "]:" + port + " "
                + Files.readString(dir.resolve("host_ed25519.pub")).strip() + "\n");
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress " + address,
                "HostKey " + hostKey,
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + authorizedKeys,
                "AllowUsers " + loginUser,
                "PermitRootLogin forced-commands-only",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "StrictModes no",
                "UsePAM no",
                "PermitUserEnvironment no",
                "LogLevel VERBOSE",
                "") + String.join("\n", moreConfigLines) + "\n");
        // sshd refuses to start without its privilege separation directory
        Files.createDirectories(Path.of("/run/sshd"));
        List<String> argv = new ArrayList<>(launcher);
        argv.addAll(List.of(SSHD, "-D", "-E", dir.resolve("sshd.log").toString(), "-f", config.toString()));
        RunningProcess process = runner.start(
                CommandLine.of(argv)
                        .describedAs("loopback sshd on " + address + ":" + port),
                StdinSource.none(), StdoutMode.discard());
        LoopbackSshd sshd = new LoopbackSshd(dir, process, SshArgs.to(loginUser + "@" + address).withPort(port)
                .withIdentityFile(clientKey.toAbsolutePath()).withKnownHostsFile(knownHosts.toAbsolutePath()));
        sshd.awaitListening(address, port);
        return sshd;
    }

    public int port() {
        return client.port().orElseThrow();
    }

    /** The ssh client argv for one remote command with the restricted key (BatchMode, no user config). */
    public List<String> sshCommand(String remoteCommand) {
        List<String> argv = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-o", "BatchMode=yes",
                "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts(), "-i", clientKey().toString(), "-p", Integer.toString(port()),
                client.target()));
        if (remoteCommand != null) {
            argv.add(remoteCommand);
        }
        return argv;
    }

    public Path clientKey() {
        return client.identityFile().orElseThrow();
    }

    public Path knownHosts() {
        return client.knownHostsFile().orElseThrow();
    }

    /** sshd's own log (-e), for failure messages. */
    public String log() {
        try {
            return Files.readString(dir.resolve("sshd.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no sshd log: " + e.getMessage() + ")";
        }
    }

    /** Stops sshd and the sessions it still runs (SIGTERM, then SIGKILL after a grace period). */
    @Override
    public void close() {
        process.destroy();
    }

    private void awaitListening(String address, int port) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(LISTEN_TIMEOUT);
        String listening = "Server listening on " + address + " port " + port + ".";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("sshd on " + address + ":" + port + " exited before it listened: " + exitOf(process)
                        + "; its log: " + log());
            }
            if (!LOOPBACK.equals(address)) {
                if (log().contains(listening)) {
                    return;
                }
                Thread.sleep(50);
                continue;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        close();
        throw new IOException("sshd did not listen on " + address + ":" + port + " within " + LISTEN_TIMEOUT.toSeconds()
                + " s: " + log());
    }

    /** A new ed25519 key pair without a passphrase (the restricted key needs none: it can only run the forced command). */
    private static CommandLine keygen(String comment, Path key) {
        return CommandLine.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", key.toString())
                .describedAs("generate the loopback sshd's " + comment + " key").withTimeout(KEYGEN_TIMEOUT);
    }

    /** The exit status and stderr of a process that has ended, as the runner reports them. */
    private static String exitOf(RunningProcess ended) {
        try {
            return "exit status " + ended.await(Duration.ofSeconds(1)).exitStatus();
        } catch (ProcessFailedException e) {
            return e.getMessage();
        }
    }
}
