package org.btrfssendbackup.core.layout;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where things live under BACKUP_ROOT on backup-srv (seed-compatible):
 * {@code BACKUP_ROOT/SET/SNAPSHOT.KIND.btrfs.gpg} and {@code BACKUP_ROOT/SET/SNAPSHOT.manifest}.
 *
 * <p>Work in progress uses hidden names ({@code .NAME.partial-TOKEN}) that no final name can
 * ever have, because every final name starts with [A-Za-z0-9].
 */
public record StoreLayout(Path backupRoot) {

    public static final String MANIFEST_SUFFIX = ".manifest";
    public static final String PARTIAL_MARKER = ".partial-";
    /**
     * The per-set lock file: the receiver holds it for a put-stream, the pruner for a pass,
     * so a prune never races an upload of the same set.
     */
    public static final String UPLOAD_LOCK_FILE = ".put-stream.lock";

    public StoreLayout {
        Objects.requireNonNull(backupRoot, "backupRoot");
        if (!backupRoot.isAbsolute()) {
            throw new IllegalArgumentException("BACKUP_ROOT '" + backupRoot + "' is not an absolute path");
        }
        backupRoot = backupRoot.normalize();
    }

    public Path setDirectory(BackupSetName set) {
        return backupRoot.resolve(set.value());
    }

    public Path streamFile(BackupSetName set, StreamFileName file) {
        return setDirectory(set).resolve(file.value());
    }

    public Path manifestFile(BackupSetName set, SnapshotName snapshot) {
        return setDirectory(set).resolve(manifestFileName(snapshot));
    }

    public static String manifestFileName(SnapshotName snapshot) {
        return snapshot.value() + MANIFEST_SUFFIX;
    }

    /** A temporary sibling of {@code finalPath}; token distinguishes concurrent writers. */
    public static Path temporaryFor(Path finalPath, String token) {
        if (token == null || !token.matches("[A-Za-z0-9]{1,32}")) {
            throw new IllegalArgumentException("temporary name token '" + NameText.quote(token) + "' is not [A-Za-z0-9]{1,32}");
        }
        return finalPath.resolveSibling("." + finalPath.getFileName() + PARTIAL_MARKER + token);
    }

    /** The pruner's hidden intent to delete a pair: {@code .SNAPSHOT.manifest.pruning}. */
    public static final String PRUNING_INTENT_SUFFIX = ".pruning";

    /** {@code .S.manifest.pruning}: the manifest renamed aside while its stream is deleted. */
    public static String pruningIntentName(String manifestName) {
        return "." + manifestName + PRUNING_INTENT_SUFFIX;
    }

    /** True for the pruner's interrupted deletions (see {@link #pruningIntentName}). */
    public static boolean isPruningIntentName(String fileName) {
        return fileName.startsWith(".") && fileName.endsWith(MANIFEST_SUFFIX + PRUNING_INTENT_SUFFIX);
    }

    /** True for names produced by {@link #temporaryFor}: leftovers a crash may leave behind. */
    public static boolean isTemporaryName(String fileName) {
        return fileName.startsWith(".") && fileName.contains(PARTIAL_MARKER);
    }
}
