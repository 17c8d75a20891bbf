package org.btrfssendbackup.ops.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.btrfssendbackup.core.manifest.Manifest;

/**
 * Checks a stored stream file against its manifest: size first (cheap, and it names a
 * truncation as such), then SHA-256. Manifests of the seed record neither; such files are left
 * to the OpenPGP integrity check, and {@link #unchecked} says so.
 */
public final class StoredFileCheck {

    private StoredFileCheck() {
    }

    /**
     * The problem with {@code file} (a message without the file's name, which the caller shows),
     * or empty when size and sha256 match (or are not recorded).
     */
    public static Optional<String> problem(Path file, Manifest manifest) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of("stream file of " + manifest.snapshot() + " is missing");
        }
        long size = Files.size(file);
        Optional<String> sizeProblem = sizeProblem(manifest, size);
        if (sizeProblem.isPresent()) {
            return sizeProblem;
        }
        if (manifest.sha256().isEmpty()) {
            return Optional.empty();
        }
        String actual;
        try (HashingInputStream in = new HashingInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS))) {
            in.drain();
            actual = in.sha256Hex();
        }
        return checksumProblem(manifest, actual);
    }

    /**
     * The cheap half of {@link #problem}, for a restore before it receives anything: the file
     * exists and has the recorded size. Its sha256 is computed while the restore reads it.
     */
    public static Optional<String> presenceOrSizeProblem(Path file, Manifest manifest) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of("stream file of " + manifest.snapshot() + " is missing");
        }
        return sizeProblem(manifest, Files.size(file));
    }

    public static Optional<String> sizeProblem(Manifest manifest, long actual) {
        if (manifest.bytes().isEmpty() || manifest.bytes().getAsLong() == actual) {
            return Optional.empty();
        }
        long expected = manifest.bytes().getAsLong();
        String what = actual < expected ? "truncated" : "longer than recorded";
        return Optional.of(what + ": the manifest records " + expected + " bytes, the file has " + actual);
    }

    public static Optional<String> checksumProblem(Manifest manifest, String actualSha256) {
        if (manifest.sha256().isEmpty() || manifest.sha256().get().equals(actualSha256)) {
            return Optional.empty();
        }
        return Optional.of("bad checksum: expected sha256 " + manifest.sha256().get()
                + ", actual " + actualSha256);
    }

    /** True when the manifest records nothing to check the file against. */
    public static boolean unchecked(Manifest manifest) {
        return manifest.sha256().isEmpty() && manifest.bytes().isEmpty();
    }
}
