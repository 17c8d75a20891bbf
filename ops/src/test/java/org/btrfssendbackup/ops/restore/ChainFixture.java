package org.btrfssendbackup.ops.restore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
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
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.stream.EncodedStream;
import org.btrfssendbackup.core.stream.StreamEncoder;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.tools.Btrfs;
import org.btrfssendbackup.core.tools.CliBtrfs;

/**
 * A source btrfs with read-only snapshots of {@link SourceTree} (a full, then three
 * incrementals with changes between them) and a store as backup-srv keeps it:
 * {@code storeRoot/SET/SNAPSHOT.KIND.btrfs.gpg} (mode 0400) plus manifests, made by
 * {@code btrfs send} → {@link StreamEncoder}. The second incremental is stored without zstd,
 * the others with it, so both decoder paths restore.
 */
public final class ChainFixture implements AutoCloseable {

    public static final String SET = "prod-srv/rootfs";
    public static final String PREFIX = "prod-srv-rootfs";
    public static final String PASSPHRASE = "correct horse battery staple";
    public static final List<String> SNAPSHOTS = List.of(PREFIX + "-20260101T020500Z", PREFIX + "-20260102T020500Z",
            PREFIX + "-20260103T020500Z", PREFIX + "-20260104T020500Z");

    public final ProcessRunner runner = new LocalProcessRunner();
    public final Btrfs btrfs = new CliBtrfs(runner);
    public final LoopBtrfs source;
    public final Path snapshots;
    public final Path storeRoot;
    public final Path passphraseFile;

    private ChainFixture(LoopBtrfs source, Path work) throws IOException {
        this.source = source;
        this.snapshots = Files.createDirectory(source.mountPoint().resolve("snapshots"));
        this.storeRoot = Files.createDirectories(work.resolve("backup-root"));
        this.passphraseFile = writePassphrase(work.resolve("passphrase"), PASSPHRASE);
    }

    /** Builds everything in {@code work} (and a fresh loop btrfs); close it to clean up. */
    public static ChainFixture create(Path work) throws IOException {
        LoopBtrfs fs = LoopBtrfs.create();
        try {
            ChainFixture fixture = new ChainFixture(fs, work);
            fixture.build();
            return fixture;
        } catch (IOException | RuntimeException e) {
            fs.close();
            throw e;
        }
    }

    private void build() throws IOException {
        Path data = source.mountPoint().resolve("@rootfs");
        runner.run(CommandLine.of("btrfs", "subvolume", "create", data.toString()));
        SourceTree.populate(data);
        snapshotAndStore(data, 0, Compression.ZSTD);
        SourceTree.change1(data);
        snapshotAndStore(data, 1, Compression.ZSTD);
        SourceTree.change2(data);
        snapshotAndStore(data, 2, Compression.NONE);
        SourceTree.change3(data);
        snapshotAndStore(data, 3, Compression.ZSTD);
    }

    private void snapshotAndStore(Path data, int index, Compression compression) throws IOException {
        Path snapshot = snapshot(index);
        btrfs.createReadOnlySnapshot(data, snapshot);
        Optional<Path> parent = index == 0 ? Optional.empty() : Optional.of(snapshot(index - 1));
        SnapshotName name = SnapshotName.parse(SNAPSHOTS.get(index));
        StreamKind kind = parent.isPresent() ? StreamKind.INCR : StreamKind.FULL;
        Path file = setDirectory().resolve(StreamFileName.of(name, kind).value());
        Files.createDirectories(file.getParent());
        EncodedStream encoded;
        try (Passphrase passphrase = Passphrase.fromFile(passphraseFile);
             RunningProcess send = btrfs.send(snapshot, parent);
             OutputStream out = Files.newOutputStream(file)) {
            encoded = new StreamEncoder(passphrase, compression).encode(send.stdout(), out);
            send.await();
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, BackupSetName.of(SET), name, kind,
                parent.map(p -> SnapshotName.parse(p.getFileName().toString())), StreamFileName.of(name, kind),
                OptionalLong.of(encoded.storedBytes()), Optional.of(encoded.sha256()),
                compression,
                Manifest.ENCRYPTION_OPENPGP, Optional.of("prod-srv"),
                new BtrfsUuids(Optional.of(btrfs.show(snapshot).uuid().toString()),
                        parent.map(p -> btrfs.show(p).uuid().toString())),
                name.time(), Optional.of(Instant.now()), Map.of());
        Files.writeString(setDirectory().resolve(StoreLayout.manifestFileName(name)), ManifestWriter.write(manifest));
    }

    public Path snapshot(int index) {
        return snapshots.resolve(SNAPSHOTS.get(index));
    }

    public Path setDirectory() {
        return storeRoot.resolve(SET);
    }

    public Path streamFile(int index) {
        String name = SNAPSHOTS.get(index) + (index == 0 ? ".full" : ".incr") + StreamFileName.SUFFIX;
        return setDirectory().resolve(name);
    }

    public Path manifestFile(int index) {
        return setDirectory().resolve(SNAPSHOTS.get(index) + StoreLayout.MANIFEST_SUFFIX);
    }

    /** A copy of the set directory (files writable), for tests that damage it. */
    public Path copyOfSet(Path destination) throws IOException {
        Files.createDirectories(destination);
        try (Stream<Path> files = Files.list(setDirectory())) {
            for (Path file : files.toList()) {
                Path copy = destination.resolve(file.getFileName());
                Files.copy(file, copy);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
            }
        }
        return destination;
    }

    public static Path writePassphrase(Path file, String passphrase) throws IOException {
        Files.writeString(file, passphrase + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** Names of the files in a directory, sorted (for "nothing was received" checks). */
    public static List<String> names(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(p -> names.add(p.getFileName().toString()));
        }
        names.sort(null);
        return names;
    }

    @Override
    public void close() {
        source.close();
    }
}
