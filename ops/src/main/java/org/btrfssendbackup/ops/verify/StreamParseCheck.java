package org.btrfssendbackup.ops.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.process.StdinSource;
import org.btrfssendbackup.core.process.StdoutMode;
import org.btrfssendbackup.core.stream.StreamDecoder;
import org.btrfssendbackup.core.tools.BtrfsArgs;

/**
 * Decrypts and decompresses one stored stream and lets {@code btrfs receive --dump} parse it:
 * proves the file restores as far as anything can without writing a filesystem (every command
 * and its checksum in the stream, the OpenPGP integrity check at the end).
 */
final class StreamParseCheck {

    private static final int BUFFER_BYTES = 1 << 20;

    private final ProcessRunner runner;
    private final Passphrase passphrase;

    StreamParseCheck(ProcessRunner runner, Passphrase passphrase) {
        this.runner = runner;
        this.passphrase = passphrase;
    }

    /** The problem, or empty when the stream decodes and parses. */
    Optional<String> problem(Path file) {
        try (InputStream plain = new StreamDecoder(passphrase).open(
                Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), file.toString());
             RunningProcess dump = runner.start(BtrfsArgs.receiveDump(), StdinSource.pipe(), StdoutMode.discard())) {
            OutputStream out = dump.stdin();
            byte[] buffer = new byte[BUFFER_BYTES];
            int n;
            try {
                while ((n = plain.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                dump.destroy();
                throw e;
            }
            dump.await();
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("does not decode: " + e.getMessage());
        } catch (ProcessFailedException e) {
            return Optional.of("is not a valid send stream: " + e.getMessage());
        }
    }
}
