package org.btrfssendbackup.ops.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.manifest.Manifest;

/**
 * Where a restore reads one backup set from: a directory of copied files, or backup-srv over SSH.
 * Closing it ends what it holds open between files (SSH: the one connection of the restore).
 */
public interface StreamSource extends AutoCloseable {

    /** The set, for messages and the summary. */
    BackupSetName set();

    /**
     * What listing the set found.
     *
     * @param manifests the readable manifests of the set
     * @param warnings  problems met while listing that do not stop a restore (an unreadable manifest ...)
     */
    record Listing(List<Manifest> manifests, List<String> warnings) {
        public Listing {
            manifests = List.copyOf(manifests);
            warnings = List.copyOf(warnings);
        }
    }

    /** Lists the set: its readable manifests, and the unreadable ones as warnings. */
    Listing list() throws IOException, RestoreException;

    /** Names the stored file in messages: a path, or TARGET:SET/FILE. */
    String describe(Manifest manifest);

    /**
     * Whether every file's presence and size can be checked before anything is received (local
     * files). The sha256 is always computed on the way and checked at the end of each file.
     */
    boolean checkableUpFront();

    /** Checks the stored file of {@code manifest} is there with its recorded size (local files only). */
    void checkUpFront(Manifest manifest) throws IOException, RestoreException;

    /**
     * The stored file on this machine, when it is one: its first bytes can be read ahead, so its
     * key is derived while the link before it is received ({@code DerivedKeys}). Empty over SSH,
     * where the stream is read once.
     */
    default Optional<Path> localFile(Manifest manifest) {
        return Optional.empty();
    }

    /**
     * The stored bytes of the stream. Reading it to its end also confirms that the transfer
     * succeeded (for SSH: the exit status), or throws. Closing it early abandons the transfer.
     */
    InputStream open(Manifest manifest) throws IOException, RestoreException;

    /** Ends what the source holds open; nothing by default. */
    @Override
    default void close() {
    }
}
