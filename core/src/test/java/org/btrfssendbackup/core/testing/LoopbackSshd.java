package org.btrfssendbackup.core.testing;

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
import java.util.concurrent.TimeUnit;
import org.btrfssendbackup.core.net.LoopbackPorts;

/**
 * A real OpenSSH server on 127.0.0.1 for tests: its own host key, config and authorized_keys
 * in a temporary directory, and one client key restricted to a forced command, exactly like
 * the seed's authorized_keys line ({@code command="...",restrict}).
 *
 * <p>Tests run as root, so the config allows root only with forced commands
 * (PermitRootLogin forced-commands-only). StrictModes is off because the temporary directory
 * lives under a world-writable /tmp; UsePAM is off so no system login stack is involved.
 * {@link #close()} stops sshd.
 */
public final class LoopbackSshd implements AutoCloseable {

    public static final String SSHD = "/usr/sbin/sshd";

    private final Path dir;
    private final int port;
    private final Process process;
    private final Path clientKey;
    private final Path knownHosts;

    private LoopbackSshd(Path dir, int port, Process process, Path clientKey, Path knownHosts) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.clientKey = clientKey;
        this.knownHosts = knownHosts;
    }

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
        Path hostKey = dir.resolve("host_ed25519");
        Path clientKey = dir.resolve("client_ed25519");
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "loopback-host", "-f", hostKey.toString()));
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "loopback-client", "-f", clientKey.toString()));
        String clientPublic = Files.readString(dir.resolve("client_ed25519.pub")).strip();
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, (keyOptions.isEmpty() ? "" : keyOptions + " ") + clientPublic + "\n");
        int port = LoopbackPorts.free();
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + port + " "
                + Files.readString(dir.resolve("host_ed25519.pub")).strip() + "\n");
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + authorizedKeys,
                "AllowUsers " + System.getProperty("user.name"),
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
        Process process = new ProcessBuilder(SSHD, "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd.log").toFile())
                .start();
        LoopbackSshd sshd = new LoopbackSshd(dir, port, process, clientKey, knownHosts);
        sshd.awaitListening();
        return sshd;
    }

    public int port() {
        return port;
    }

    /** The ssh client argv for one remote command with the restricted key (BatchMode, no user config). */
    public List<String> sshCommand(String remoteCommand) {
        List<String> argv = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-o", "BatchMode=yes",
                "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts, "-i", clientKey.toString(), "-p", Integer.toString(port),
                System.getProperty("user.name") + "@127.0.0.1"));
        if (remoteCommand != null) {
            argv.add(remoteCommand);
        }
        return argv;
    }

    public Path clientKey() {
        return clientKey;
    }

    public Path knownHosts() {
        return knownHosts;
    }

    /** sshd's own log (-e), for failure messages. */
    public String log() {
        try {
            return Files.readString(dir.resolve("sshd.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no sshd log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void awaitListening() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("sshd exited with status " + process.exitValue() + ": " + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        close();
        throw new IOException("sshd did not listen on 127.0.0.1:" + port + " within 15 s: " + log());
    }

    private static void run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", argv) + " failed with status " + p.exitValue() + ": " + output);
        }
    }
}
