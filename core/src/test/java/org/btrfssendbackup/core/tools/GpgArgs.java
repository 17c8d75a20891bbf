package org.btrfssendbackup.core.tools;

import static org.btrfssendbackup.core.tools.ArgChecks.absolute;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.btrfssendbackup.core.process.CommandLine;

/**
 * Command lines for the stock gpg CLI. Test code only: production encrypts and decrypts in
 * process and never runs gpg. These builders pin, table-tested, the stock-gpg command lines a
 * user may run by hand (the README's restore with stock tools). The passphrase
 * never goes in argv: either fd 0 ({@code --passphrase-fd 0}, then the data must come from a
 * file) or a passphrase file.
 *
 * <p>{@code --no-symkey-cache} stops gpg-agent from remembering a symmetric passphrase: without
 * it, a later decrypt with a wrong passphrase could succeed from the cache.
 */
public final class GpgArgs {

    private static final Pattern ALGO = Pattern.compile("[A-Za-z0-9]+");

    private GpgArgs() {
    }

    /** Symmetric-encryption settings; empty means gpg's default. */
    public record SymmetricOptions(Optional<String> cipherAlgo, Optional<String> compressAlgo) {
        public SymmetricOptions {
            cipherAlgo.ifPresent(a -> check("cipher algorithm", a));
            compressAlgo.ifPresent(a -> check("compression algorithm", a));
        }

        /** What the seed's script used: gpg's defaults (zlib compression). */
        public static SymmetricOptions defaults() {
            return new SymmetricOptions(Optional.empty(), Optional.empty());
        }

        /** AES256 without compression (the stream is zstd-compressed before, or incompressible). */
        public static SymmetricOptions aes256Uncompressed() {
            return new SymmetricOptions(Optional.of("AES256"), Optional.of("none"));
        }
    }

    /** Decrypts FILE to stdout; the passphrase is written to stdin. */
    public static CommandLine decryptWithPassphraseOnStdin(Path encryptedFile) {
        List<String> argv = base();
        argv.addAll(List.of("--passphrase-fd", "0", "--decrypt", absolute("encrypted file", encryptedFile)));
        return CommandLine.of(argv).describedAs("gpg decrypt " + encryptedFile);
    }

    /** Decrypts FILE (or stdin when empty) to stdout, the stock-tools restore the README describes. */
    public static CommandLine decryptWithPassphraseFile(Path passphraseFile, Optional<Path> encryptedFile) {
        List<String> argv = base();
        argv.addAll(List.of("--passphrase-file", absolute("passphrase file", passphraseFile), "--decrypt"));
        encryptedFile.ifPresent(f -> argv.add(absolute("encrypted file", f)));
        return CommandLine.of(argv).describedAs("gpg decrypt " + encryptedFile.map(Path::toString).orElse("stdin"));
    }

    /** Encrypts stdin to stdout with the passphrase file's first line, as the seed's pipeline does. */
    public static CommandLine encryptSymmetric(Path passphraseFile, SymmetricOptions options) {
        List<String> argv = base();
        argv.addAll(List.of("--passphrase-file", absolute("passphrase file", passphraseFile), "--symmetric"));
        options.cipherAlgo().ifPresent(a -> argv.addAll(List.of("--cipher-algo", a)));
        options.compressAlgo().ifPresent(a -> argv.addAll(List.of("--compress-algo", a)));
        return CommandLine.of(argv).describedAs("gpg encrypt");
    }

    /** Encrypts FILE to stdout; the passphrase is written to stdin. */
    public static CommandLine encryptSymmetricWithPassphraseOnStdin(Path plainFile, SymmetricOptions options) {
        List<String> argv = base();
        argv.addAll(List.of("--passphrase-fd", "0", "--symmetric"));
        options.cipherAlgo().ifPresent(a -> argv.addAll(List.of("--cipher-algo", a)));
        options.compressAlgo().ifPresent(a -> argv.addAll(List.of("--compress-algo", a)));
        argv.add("--output");
        argv.add("-");
        argv.add(absolute("file to encrypt", plainFile));
        return CommandLine.of(argv).describedAs("gpg encrypt " + plainFile);
    }

    private static List<String> base() {
        return new ArrayList<>(List.of("gpg", "--batch", "--pinentry-mode", "loopback", "--no-symkey-cache"));
    }

    private static void check(String what, String value) {
        if (!ALGO.matcher(value).matches()) {
            throw new IllegalArgumentException("gpg " + what + " must be alphanumeric: '" + value + "'");
        }
    }
}
