package org.btrfssendbackup.core.tools;

import static org.btrfssendbackup.core.tools.ArgChecks.absolute;
import static org.btrfssendbackup.core.tools.ArgChecks.name;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.btrfssendbackup.core.process.CommandLine;

/**
 * How to reach backup-srv with the OpenSSH client: the seed's BACKUP_SSH_TARGET,
 * BACKUP_SSH_PORT and BACKUP_SSH_IDENTITY_FILE, plus an optional known_hosts file and cipher.
 * BatchMode is always on: a backup must fail, never wait for a password or a host-key prompt.
 *
 * @param target         {@code [user@]host}
 * @param port           empty means ssh's default (22 or ~/.ssh/config)
 * @param identityFile   a dedicated key; with it, IdentitiesOnly=yes so an agent's keys are not tried
 * @param knownHostsFile replaces the user's known_hosts when set
 * @param cipher         ssh's -c list ({@link SshCiphers}), e.g. aes128-gcm@openssh.com for throughput
 * @param keepalive      ServerAliveInterval/ServerAliveCountMax; the producer always sets them
 *                       (BACKUP_SSH_ALIVE_INTERVAL, BACKUP_SSH_ALIVE_COUNT)
 */
public record SshArgs(String target, OptionalInt port, Optional<Path> identityFile,
                      Optional<Path> knownHostsFile, Optional<String> cipher, Optional<SshKeepalive> keepalive) {

    private static final Pattern TARGET = Pattern.compile("([A-Za-z0-9._-]+@)?[A-Za-z0-9._:\\[\\]-]+");

    public SshArgs {
        name("ssh target", target);
        if (!TARGET.matcher(target).matches()) {
            throw new IllegalArgumentException("ssh target must be [user@]host: '" + target + "'");
        }
        Objects.requireNonNull(port, "port");
        port.ifPresent(p -> {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("ssh port must be 1..65535: " + p);
            }
        });
        identityFile.ifPresent(f -> absolute("ssh identity file", f));
        knownHostsFile.ifPresent(f -> absolute("ssh known_hosts file", f));
        Objects.requireNonNull(keepalive, "keepalive");
        cipher.ifPresent(SshCiphers::check);
    }

    /**
     * backup-srv's receiver as everything on prod-srv's side reaches it: the producer (prod.conf's
     * BACKUP_SSH_* keys) and the console's {@code restore --from-ssh} (its --ssh-* options), so
     * both run ssh with the same options for the same settings. The keepalives are always set.
     */
    public static SshArgs toReceiver(String target, OptionalInt port, Optional<Path> identityFile,
                                     Optional<Path> knownHostsFile, Optional<String> ciphers, SshKeepalive keepalive) {
        return new SshArgs(target, port, identityFile, knownHostsFile, ciphers,
                Optional.of(Objects.requireNonNull(keepalive, "keepalive")));
    }

    public static SshArgs to(String target) {
        return new SshArgs(target, OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** From the seed's config values, where an empty port or identity file means "omitted". */
    public static SshArgs fromSeedValues(String target, String port, String identityFile) {
        OptionalInt p = port == null || port.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(port));
        Optional<Path> id = identityFile == null || identityFile.isEmpty()
                ? Optional.empty() : Optional.of(Path.of(identityFile));
        return new SshArgs(target, p, id, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public SshArgs withPort(int newPort) {
        return new SshArgs(target, OptionalInt.of(newPort), identityFile, knownHostsFile, cipher, keepalive);
    }

    public SshArgs withIdentityFile(Path file) {
        return new SshArgs(target, port, Optional.of(file), knownHostsFile, cipher, keepalive);
    }

    public SshArgs withKnownHostsFile(Path file) {
        return new SshArgs(target, port, identityFile, Optional.of(file), cipher, keepalive);
    }

    public SshArgs withCipher(String newCipher) {
        return new SshArgs(target, port, identityFile, knownHostsFile, Optional.of(newCipher), keepalive);
    }

    public SshArgs withKeepalive(SshKeepalive newKeepalive) {
        return new SshArgs(target, port, identityFile, knownHostsFile, cipher, Optional.of(newKeepalive));
    }

    /**
     * {@code ssh ... TARGET REMOTE_COMMAND}. The receiver's forced command sees the command as
     * SSH_ORIGINAL_COMMAND and splits it on single spaces, so it is passed as one argument.
     */
    public CommandLine remoteCommand(String remoteCommand) {
        Objects.requireNonNull(remoteCommand, "remoteCommand");
        if (remoteCommand.isEmpty() || remoteCommand.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("remote command must be one non-empty line: '" + remoteCommand + "'");
        }
        List<String> argv = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes"));
        port.ifPresent(p -> {
            argv.add("-p");
            argv.add(Integer.toString(p));
        });
        identityFile.ifPresent(f -> {
            argv.add("-i");
            argv.add(f.toString());
            argv.add("-o");
            argv.add("IdentitiesOnly=yes");
        });
        knownHostsFile.ifPresent(f -> {
            argv.add("-o");
            argv.add("UserKnownHostsFile=" + f);
        });
        cipher.ifPresent(c -> {
            argv.add("-c");
            argv.add(c);
        });
        keepalive.ifPresent(k -> argv.addAll(k.options()));
        argv.add(target);
        argv.add(remoteCommand);
        String verb = remoteCommand.split(" ", 2)[0];
        return CommandLine.of(argv).describedAs("ssh " + target + " " + verb);
    }
}
