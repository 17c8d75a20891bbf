package org.btrfssendbackup.ops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.btrfssendbackup.core.lab.LoopbackSshd;

/**
 * The seed's receiving end, {@code ssh HOST 'cat > FILE'}, on the SAME sshd as the real
 * receiver, so that every variant pays the same ssh costs. The sshd only lets root in with a
 * forced command, so a second key is added to its authorized_keys, forced to
 * {@code cat > DIR/NAME.gpg} for a NAME of letters (the remote command picks the file). A NAME
 * ending in {@code durable} is then fsynced ({@code sync FILE}) before the connection ends: the
 * durability the real receiver gives every upload before it answers.
 */
final class CatReceiver {

    private final LoopbackSshd sshd;
    private final Path key;
    private final Path directory;

    private CatReceiver(LoopbackSshd sshd, Path key, Path directory) {
        this.sshd = sshd;
        this.key = key;
        this.directory = directory;
    }

    /**
     * @param sshdDirectory the directory {@code sshd} was started in (its authorized_keys file lives there)
     * @param directory where the uploaded files go
     */
    static CatReceiver add(LoopbackSshd sshd, Path sshdDirectory, Path directory) throws IOException, InterruptedException {
        Path authorizedKeys = sshdDirectory.resolve("authorized_keys");
        if (!Files.isRegularFile(authorizedKeys)) {
            throw new IOException("benchmark: no authorized_keys in " + sshdDirectory + " (LoopbackSshd's layout changed?)");
        }
        Files.createDirectories(directory);
        Path key = sshdDirectory.resolve("bench_cat_ed25519");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "bench-cat",
                "-f", key.toString()).redirectErrorStream(true).start();
        String output = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (keygen.waitFor() != 0) {
            throw new IOException("benchmark: ssh-keygen for the cat key failed: " + output);
        }
        // a NAME ending in "durable" is also fsynced before ssh returns, as the receiver does
        String forced = "case \"$SSH_ORIGINAL_COMMAND\" in *[!a-z]*|'') echo refused >&2; exit 2;; esac; "
                + "f=" + TimedShell.quote(directory) + "/\"$SSH_ORIGINAL_COMMAND\".gpg; cat > \"$f\" || exit 1; "
                + "case \"$SSH_ORIGINAL_COMMAND\" in *durable) exec sync \"$f\";; esac";
        String line = "command=\"" + forced.replace("\"", "\\\"") + "\",restrict "
                + Files.readString(Path.of(key + ".pub")).strip() + "\n";
        Files.writeString(authorizedKeys, line, StandardOpenOption.APPEND);
        return new CatReceiver(sshd, key, directory);
    }

    /** The ssh client command that stores its stdin as NAME.gpg, in bash syntax; cipher may be null. */
    String sshCommand(String name, String cipher) {
        if (!name.matches("[a-z]+")) {
            throw new IllegalArgumentException("cat receiver file name must be letters: " + name);
        }
        StringBuilder b = new StringBuilder("ssh -F /dev/null -o BatchMode=yes -o IdentitiesOnly=yes")
                .append(" -o StrictHostKeyChecking=yes -o UserKnownHostsFile=").append(TimedShell.quote(sshd.knownHosts()))
                .append(" -i ").append(TimedShell.quote(key)).append(" -p ").append(sshd.port());
        if (cipher != null) {
            b.append(" -c ").append(cipher);
        }
        return b.append(' ').append(System.getProperty("user.name")).append("@127.0.0.1 ").append(name).toString();
    }

    Path file(String name) {
        return directory.resolve(name + ".gpg");
    }

    List<Path> files() throws IOException {
        try (var list = Files.list(directory)) {
            return list.toList();
        }
    }
}
