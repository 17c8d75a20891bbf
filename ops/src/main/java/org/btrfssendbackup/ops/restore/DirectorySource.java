package org.btrfssendbackup.ops.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.btrfssendbackup.core.layout.SetDirectoryListing;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.manifest.InvalidManifestException;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.manifest.ManifestReader;

/**
 * One backup set copied into a directory: {@code SNAPSHOT.KIND.btrfs.gpg} files with their
 * {@code SNAPSHOT.manifest} files, as backup-srv stores them under BACKUP_ROOT/SET.
 *
 * <p>The set comes from the manifests; seed manifests do not record it, so then it must be
 * given ({@code --set}). Files are checked for presence and size before anything is received;
 * their sha256 while they are received.
 */
public final class DirectorySource implements StreamSource {

    private final Path directory;
    private final Optional<BackupSetName> givenSet;
    private BackupSetName set;

    public DirectorySource(Path directory, Optional<BackupSetName> givenSet) {
        this.directory = directory.toAbsolutePath().normalize();
        this.givenSet = givenSet;
        this.set = givenSet.orElse(null);
    }

    @Override
    public BackupSetName set() {
        return set;
    }

    @Override
    public Listing list() throws IOException, RestoreException {
        if (!Files.isDirectory(directory)) {
            throw new RestoreException("restore from " + directory + ": not a directory");
        }
        List<Manifest> manifests = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Path file : SetDirectoryListing.of(directory).manifests()) {
            try {
                manifests.add(ManifestReader.read(file, givenSet.orElse(null)));
            } catch (InvalidManifestException e) {
                String hint = givenSet.isEmpty() && e.getMessage().contains("key 'set' is missing")
                        ? " (seed manifests do not record the set: give it with --set)" : "";
                warnings.add(e.getMessage() + hint);
            }
        }
        List<BackupSetName> sets = manifests.stream().map(Manifest::set).distinct().toList();
        if (sets.size() > 1) {
            throw new RestoreException("restore from " + directory + ": manifests of several sets " + sets
                    + " in one directory; copy one set per directory");
        }
        if (set == null && !sets.isEmpty()) {
            set = sets.get(0);
        }
        return new Listing(manifests, warnings);
    }

    @Override
    public String describe(Manifest manifest) {
        return file(manifest).toString();
    }

    @Override
    public boolean checkableUpFront() {
        return true;
    }

    @Override
    public void checkUpFront(Manifest manifest) throws IOException, RestoreException {
        // sha256 is left to the receive's own pass over the file (LinkReceiver): a second pass
        // up front cost as much as the rest of the restore.
        Optional<String> problem = StoredFileCheck.presenceOrSizeProblem(file(manifest), manifest);
        if (problem.isPresent()) {
            throw new RestoreException("restore " + manifest.snapshot() + ": " + file(manifest) + ": " + problem.get()
                    + "; nothing was received");
        }
    }

    @Override
    public Optional<Path> localFile(Manifest manifest) {
        return Optional.of(file(manifest));
    }

    @Override
    public InputStream open(Manifest manifest) throws IOException, RestoreException {
        Path file = file(manifest);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new RestoreException("restore " + manifest.snapshot() + ": missing stream file " + file);
        }
        return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
    }

    private Path file(Manifest manifest) {
        return directory.resolve(manifest.streamFile().value());
    }
}
