package org.btrfssendbackup.core.crypto;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.btrfssendbackup.core.stream.StreamDecoder;

/**
 * The child JVM of {@link FastPathClassLoadingTest}: decodes each file as the restore does
 * ({@link StreamDecoder}) and prints one line per file, {@code <bytes> <sha256 of the plaintext>}.
 * Arguments: the passphrase file, then the stored files.
 */
public final class DecryptFilesMain {
    private DecryptFilesMain() {
    }

    public static void main(String[] args) throws Exception {
        try (Passphrase passphrase = Passphrase.fromFile(Path.of(args[0]))) {
            StreamDecoder decoder = new StreamDecoder(passphrase);
            for (int i = 1; i < args.length; i++) {
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                long bytes = 0;
                try (InputStream plain = decoder.open(Files.newInputStream(Path.of(args[i])), args[i])) {
                    byte[] buffer = new byte[1 << 16];
                    int n;
                    while ((n = plain.read(buffer)) >= 0) {
                        sha256.update(buffer, 0, n);
                        bytes += n;
                    }
                }
                System.out.println(bytes + " " + HexFormat.of().formatHex(sha256.digest()));
            }
        }
    }
}
