package org.btrfssendbackup.core.crypto;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the real gpg for tests, in its own GNUPGHOME, with the passphrase always in a file
 * (--passphrase-file), never in argv. Test code only: production code never runs gpg.
 */
public final class GpgCli {
    private final Path home;

    public GpgCli(Path dir) throws IOException {
        assumeTrue(isInstalled() || "required".equals(System.getenv("BTRFS_BACKUP_SYSTEM_TESTS")),
                "gpg is not installed");
        home = Files.createDirectories(dir.resolve("gnupg"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
    }

    public static boolean isInstalled() {
        try {
            return new ProcessBuilder("gpg", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Writes a passphrase file with mode 0600, as the seed's umask 077 does. */
    public static Path passphraseFile(Path dir, String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** {@code gpg --symmetric [extra] } of {@code plain}. */
    public byte[] symmetric(Path passphraseFile, byte[] plain, String... extra) throws IOException {
        List<String> argv = new ArrayList<>(List.of("--symmetric"));
        argv.addAll(List.of(extra));
        return run(passphraseFile, argv, plain);
    }

    public byte[] decrypt(Path passphraseFile, byte[] ciphertext) throws IOException {
        return run(passphraseFile, List.of("--decrypt"), ciphertext);
    }

    public String listPackets(Path passphraseFile, byte[] ciphertext) throws IOException {
        return new String(run(passphraseFile, List.of("--list-packets"), ciphertext));
    }

    /** Runs gpg feeding {@code stdin}; returns stdout; fails with gpg's stderr on a non-zero exit. */
    public byte[] run(Path passphraseFile, List<String> args, byte[] stdin) throws IOException {
        Result result = runAllowingFailure(passphraseFile, args, stdin);
        if (result.exit() != 0) {
            throw new IOException("gpg " + args + " exited " + result.exit() + ": " + result.stderr());
        }
        return result.stdout();
    }

    public record Result(int exit, byte[] stdout, String stderr) {
    }

    public Result runAllowingFailure(Path passphraseFile, List<String> args, byte[] stdin) throws IOException {
        List<String> argv = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--yes",
                "--no-tty", "--pinentry-mode", "loopback", "--passphrase-file", passphraseFile.toString()));
        argv.addAll(args);
        Process process = new ProcessBuilder(argv).start();
        CompletableFuture<byte[]> stdout = drain(process.getInputStream());
        CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // gpg may exit before reading all input (e.g. on a bad packet); its exit status tells
        }
        try {
            int exit = process.waitFor();
            return new Result(exit, stdout.join(), new String(stderr.join()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted waiting for gpg", e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
                in.transferTo(out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
