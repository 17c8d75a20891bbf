package org.btrfssendbackup.ops.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.BtrfsUuids;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.manifest.ManifestWriter;
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.stream.EncodedStream;
import org.btrfssendbackup.core.stream.StreamEncoder;
import org.btrfssendbackup.core.tools.Btrfs;

/**
 * The restore benchmark's store, as backup-srv keeps it ({@code ROOT/SET/FILE} plus a manifest):
 * each snapshot sent with {@code btrfs send} and encoded by the producer's own StreamEncoder
 * (zstd, OpenPGP), so every variant restores the very bytes a real backup stores.
 */
final class BenchStore {

    /** One stored stream: the file, its size and the size of the send stream inside it. */
    record Stored(Path file, long storedBytes, long streamBytes) {
    }

    private final Btrfs btrfs;
    private final Path root;
    private final Path passphraseFile;

    BenchStore(Btrfs btrfs, Path root, Path passphraseFile) {
        this.btrfs = btrfs;
        this.root = root;
        this.passphraseFile = passphraseFile;
    }

    Path setDirectory(String set) {
        return root.resolve(set);
    }

    /** Sends {@code snapshot} (incrementally from {@code parent} if present) into SET's directory. */
    Stored store(String set, Path snapshot, Optional<Path> parent) throws IOException {
        SnapshotName name = SnapshotName.parse(snapshot.getFileName().toString());
        StreamKind kind = parent.isPresent() ? StreamKind.INCR : StreamKind.FULL;
        Path file = Files.createDirectories(setDirectory(set)).resolve(StreamFileName.of(name, kind).value());
        EncodedStream encoded;
        try (Passphrase passphrase = Passphrase.fromFile(passphraseFile);
             RunningProcess send = btrfs.send(snapshot, parent);
             OutputStream out = Files.newOutputStream(file)) {
            encoded = new StreamEncoder(passphrase, Compression.ZSTD).encode(send.stdout(), out);
            send.await();
        }
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, BackupSetName.of(set), name, kind,
                parent.map(p -> SnapshotName.parse(p.getFileName().toString())), StreamFileName.of(name, kind),
                OptionalLong.of(encoded.storedBytes()), Optional.of(encoded.sha256()), Compression.ZSTD,
                Manifest.ENCRYPTION_OPENPGP, Optional.of("prod-srv"),
                new BtrfsUuids(Optional.of(btrfs.show(snapshot).uuid().toString()),
                        parent.map(p -> btrfs.show(p).uuid().toString())),
                name.time(), Optional.of(Instant.now()), Map.of());
        Files.writeString(setDirectory(set).resolve(StoreLayout.manifestFileName(name)), ManifestWriter.write(manifest));
        return new Stored(file, encoded.storedBytes(), encoded.plainBytes());
    }
}
