package org.btrfssendbackup.core.integrity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import org.btrfssendbackup.core.manifest.Manifest;

/**
 * Re-reads one stored stream and compares it with its manifest: size, then sha256. What the
 * receiver computed when it stored the file is what the file must still be. A read error (EIO
 * from a failing disk) is a finding, not a crash: the stream is CORRUPT with that cause.
 */
public final class StreamCheck {

    private static final int BUFFER = 1 << 20;

    private StreamCheck() {
    }

    /**
     * @throws NoSuchFileException when the stream is gone (a concurrent prune): nothing to record
     */
    public static CheckRecord check(Path streamFile, Manifest manifest, Clock clock) throws NoSuchFileException {
        String name = streamFile.getFileName().toString();
        MessageDigest sha256 = sha256();
        long bytes = 0;
        try (InputStream in = Files.newInputStream(streamFile, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
                bytes += n;
            }
        } catch (NoSuchFileException gone) {
            throw gone;
        } catch (IOException e) {
            return new CheckRecord(name, clock.instant(), CheckVerdict.CORRUPT,
                    Optional.of("read error after " + bytes + " bytes: " + e.getMessage()), bytes, Optional.empty());
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        Optional<String> problem = Optional.empty();
        if (manifest.bytes().isPresent() && manifest.bytes().getAsLong() != bytes) {
            problem = Optional.of("size " + bytes + " differs from the manifest's " + manifest.bytes().getAsLong());
        } else if (manifest.sha256().isPresent() && !manifest.sha256().get().equals(actual)) {
            problem = Optional.of("sha256 of the stored file differs from the manifest");
        }
        return new CheckRecord(name, clock.instant(), problem.isPresent() ? CheckVerdict.CORRUPT : CheckVerdict.OK,
                problem, bytes, Optional.of(actual));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
