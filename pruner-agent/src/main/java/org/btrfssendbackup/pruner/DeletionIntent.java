package org.btrfssendbackup.pruner;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;

/**
 * Deletes a stream file with its manifest so that no crash leaves one without the other under
 * a final name:
 * <ol>
 * <li>rename {@code S.manifest} to the hidden intent {@code .S.manifest.pruning}, fsync the
 *     directory: from now on the receiver's {@code list} and restores no longer see S;</li>
 * <li>delete the stream file, fsync;</li>
 * <li>delete the intent, fsync.</li>
 * </ol>
 * {@link #resolveLeftovers} runs before every plan: an intent whose stream is gone is
 * completed (step 3); an intent whose stream is still there is undone (renamed back), so the
 * planner decides again with today's files and policy, and deletes it in the same run if it is
 * still due. Undoing rather than completing means a crash can never turn into a deletion the
 * current state no longer justifies. Either way the directory converges.
 */
final class DeletionIntent {

    static final String SUFFIX = StoreLayout.PRUNING_INTENT_SUFFIX;

    private final Deleter deleter;

    DeletionIntent(Deleter deleter) {
        this.deleter = Objects.requireNonNull(deleter, "deleter");
    }

    static String intentName(String manifestName) {
        return StoreLayout.pruningIntentName(manifestName);
    }

    static boolean isIntentName(String name) {
        return StoreLayout.isPruningIntentName(name);
    }

    void delete(Path setDirectory, StoredStream stream) throws IOException {
        String manifest = stream.manifest().orElseThrow(() -> new IllegalArgumentException(
                "delete " + stream.file() + ": a stream without a manifest is never deleted"));
        Path intent = setDirectory.resolve(intentName(manifest));
        deleter.rename(setDirectory.resolve(manifest), intent);
        deleter.syncDirectory(setDirectory);
        deleter.delete(setDirectory.resolve(stream.file().value()));
        deleter.syncDirectory(setDirectory);
        deleter.delete(intent);
        deleter.syncDirectory(setDirectory);
    }

    /** @return one line per intent resolved, for the log */
    List<String> resolveLeftovers(Path setDirectory) throws IOException {
        List<String> resolved = new ArrayList<>();
        for (Path intent : intents(setDirectory)) {
            String name = intent.getFileName().toString();
            Optional<SnapshotName> snapshot = snapshotOf(name);
            if (snapshot.isEmpty()) {
                continue; // not a name we write; the scanner reports it
            }
            Path manifest = setDirectory.resolve(StoreLayout.manifestFileName(snapshot.get()));
            if (!streamExists(setDirectory, snapshot.get())) {
                deleter.delete(intent);
                resolved.add("completed the interrupted deletion of " + snapshot.get());
            } else if (Files.exists(manifest, LinkOption.NOFOLLOW_LINKS)) {
                deleter.delete(intent); // a manifest under the final name is the authority
                resolved.add("dropped a stale deletion intent of " + snapshot.get());
            } else {
                deleter.rename(intent, manifest);
                resolved.add("undid the interrupted deletion of " + snapshot.get() + " (planned again)");
            }
            deleter.syncDirectory(setDirectory);
        }
        return resolved;
    }

    private static List<Path> intents(Path setDirectory) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(setDirectory,
                entry -> isIntentName(entry.getFileName().toString())
                        && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS))) {
            entries.forEach(found::add);
        }
        return found;
    }

    private static Optional<SnapshotName> snapshotOf(String intentName) {
        String manifest = intentName.substring(1, intentName.length() - SUFFIX.length());
        try {
            return Optional.of(SnapshotName.parse(
                    manifest.substring(0, manifest.length() - StoreLayout.MANIFEST_SUFFIX.length())));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    private static boolean streamExists(Path setDirectory, SnapshotName snapshot) {
        for (StreamKind kind : StreamKind.values()) {
            if (Files.exists(setDirectory.resolve(StreamFileName.of(snapshot, kind).value()), LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }
}
