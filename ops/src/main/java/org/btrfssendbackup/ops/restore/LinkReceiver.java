package org.btrfssendbackup.ops.restore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.btrfssendbackup.core.crypto.DecryptionException;
import org.btrfssendbackup.core.crypto.DerivedKeys;
import org.btrfssendbackup.core.crypto.IntegrityException;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.crypto.WrongPassphraseException;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.stream.StreamDecoder;
import org.btrfssendbackup.core.tools.Btrfs;

/**
 * Receives one link: stored file → sha256 on the way → decrypt (on its own thread, see
 * StreamDecoder) → decompress → {@code btrfs receive}, in one pass over the file. btrfs sees plaintext before the OpenPGP integrity check and the file's hash are
 * known (both need the whole file), so when either fails at the end the received subvolume is
 * deleted: a failed link never leaves a subvolume that looks like a backup.
 */
record LinkReceiver(Btrfs btrfs, Passphrase passphrase, DerivedKeys keys, RestoreReporter reporter) {

    private static final int BUFFER_BYTES = 1 << 20;

    LinkOutcome receive(StreamSource source, Manifest link, Path target) throws RestoreException {
        String file = source.describe(link);
        Path subvolume = target.resolve(link.snapshot().value());
        long start = System.nanoTime();
        try (HashingInputStream stored = new HashingInputStream(source.open(link))) {
            InputStream plain = openDecoded(stored, link, file);
            long streamBytes;
            // plain is closed last: that stops its decryption thread when btrfs receive failed
            try (plain; RunningProcess receive = btrfs.receive(target)) {
                try {
                    streamBytes = copy(plain, receive, stored, link, file);
                    stored.drain();
                    checkStoredFile(link, file, stored);
                    receive.await();
                    checkReceived(subvolume, link);
                } catch (RestoreException | IOException | RuntimeException e) {
                    receive.destroy();
                    deleteHalfReceived(subvolume, e);
                    throw failure(link, file, e);
                }
            } finally {
                reporter.finished(file);
            }
            return new LinkOutcome(link.snapshot().value(), link.streamFile().value(), LinkOutcome.Status.RECEIVED,
                    subvolume, stored.bytes(), streamBytes, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw failure(link, file, e);
        }
    }

    /**
     * Opening decrypts the key packet (with the key derived ahead when there is one): a wrong
     * passphrase fails here, before btrfs is started.
     */
    private InputStream openDecoded(InputStream stored, Manifest link, String file) throws RestoreException {
        try {
            return new StreamDecoder(passphrase, keys).open(stored, file);
        } catch (IOException e) {
            throw failure(link, file, e);
        }
    }

    private long copy(InputStream plain, RunningProcess receive, HashingInputStream stored, Manifest link, String file)
            throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        OutputStream out = receive.stdin();
        long total = 0;
        int n;
        while ((n = plain.read(buffer)) > 0) {
            try {
                out.write(buffer, 0, n);
            } catch (IOException writeFailed) {
                receive.await(); // btrfs receive stopped reading: its own error says why
                throw writeFailed;
            }
            total += n;
            reporter.progress(file, stored.bytes(), link.bytes());
        }
        return total;
    }

    private static void checkStoredFile(Manifest link, String file, HashingInputStream stored) throws RestoreException {
        Optional<String> problem = StoredFileCheck.sizeProblem(link, stored.bytes())
                .or(() -> StoredFileCheck.checksumProblem(link, stored.sha256Hex()));
        if (problem.isPresent()) {
            throw new RestoreException(file + ": " + problem.get());
        }
    }

    private void checkReceived(Path subvolume, Manifest link) throws RestoreException {
        if (!Files.isDirectory(subvolume, LinkOption.NOFOLLOW_LINKS)) {
            throw new RestoreException("btrfs receive did not create " + subvolume
                    + " (was the stream sent from a snapshot named " + link.snapshot() + "?)");
        }
        if (btrfs.show(subvolume).receivedUuid().isEmpty()) {
            throw new RestoreException("btrfs receive left " + subvolume + " without a received UUID");
        }
    }

    private void deleteHalfReceived(Path subvolume, Exception cause) {
        if (!Files.exists(subvolume, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            btrfs.deleteSubvolume(subvolume);
            reporter.note("deleted the half-received subvolume " + subvolume);
        } catch (ProcessFailedException e) {
            cause.addSuppressed(e);
            reporter.note("could NOT delete the half-received subvolume " + subvolume + ": " + e.getMessage()
                    + "; delete it by hand, it is not a valid backup");
        }
    }

    private static RestoreException failure(Manifest link, String file, Exception e) {
        if (e instanceof RestoreException r) {
            return new RestoreException("restore " + link.snapshot() + ": " + r.getMessage(), r);
        }
        String what;
        if (e instanceof WrongPassphraseException) {
            what = e.getMessage().replace("check PASSPHRASE_FILE", "check --passphrase-file");
        } else if (e instanceof IntegrityException) {
            what = e.getMessage() + " (the file was altered or cut short)";
        } else if (e instanceof DecryptionException) {
            what = e.getMessage();
        } else if (e instanceof ProcessFailedException p) {
            what = p.getMessage();
        } else {
            what = file + ": " + e.getMessage();
        }
        return new RestoreException("restore " + link.snapshot() + ": " + what, e);
    }
}
