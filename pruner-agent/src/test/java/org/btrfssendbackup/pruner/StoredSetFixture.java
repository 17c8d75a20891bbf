package org.btrfssendbackup.pruner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.manifest.ManifestWriter;

/** A stored set on a temp directory: stream files of random bytes with manifests, as the receiver writes them. */
final class StoredSetFixture {

    static final BackupSetName SET = BackupSetName.of("prod-srv/rootfs");
    static final String PREFIX = "prod-srv-rootfs";

    final Path root;
    final StoreLayout layout;
    final Path dir;
    private final Random random = new Random(42);
    final List<RestorePoint> points = new ArrayList<>();

    StoredSetFixture(Path root) throws IOException {
        this.root = root;
        this.layout = new StoreLayout(root);
        this.dir = layout.setDirectory(SET);
        Files.createDirectories(dir);
    }

    /** One stream a day for {@code days} days from {@code start}, a full every {@code fullEvery} days. */
    StoredSetFixture daily(Instant start, int days, int fullEvery) throws IOException {
        String parent = null;
        for (int day = 0; day < days; day++) {
            SnapshotName name = SnapshotName.of(PREFIX, start.plusSeconds(86_400L * day));
            boolean full = day % fullEvery == 0;
            store(name, full ? null : SnapshotName.parse(parent));
            parent = name.value();
        }
        return this;
    }

    /** A stream file and its manifest. */
    StreamFileName store(SnapshotName name, SnapshotName parent) throws IOException {
        StreamKind kind = parent == null ? StreamKind.FULL : StreamKind.INCR;
        StreamFileName file = storeStreamOnly(name, kind);
        byte[] content = Files.readAllBytes(dir.resolve(file.value()));
        String sha256 = HexFormat.of().formatHex(sha256(content));
        Manifest manifest = Manifest.stored(SET, name, kind, Optional.ofNullable(parent), content.length, sha256,
                Compression.ZSTD,
                name.time().plusSeconds(60));
        Files.writeString(layout.manifestFile(SET, name), ManifestWriter.write(manifest));
        points.add(new RestorePoint(name.value(), name.time(), kind, parent == null ? null : parent.value()));
        return file;
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Flips one byte of a stored stream, as a failing disk or a bit rot would. */
    void corrupt(StreamFileName file) throws IOException {
        Path path = layout.streamFile(SET, file);
        byte[] content = Files.readAllBytes(path);
        content[content.length / 2] ^= 0x01;
        Files.write(path, content);
    }

    StreamFileName storeStreamOnly(SnapshotName name, StreamKind kind) throws IOException {
        StreamFileName file = StreamFileName.of(name, kind);
        byte[] content = new byte[100 + random.nextInt(400)];
        random.nextBytes(content);
        Files.write(layout.streamFile(SET, file), content);
        return file;
    }

    /** Every file name in the set directory (hidden ones too). */
    Set<String> files() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).collect(TreeSet::new, Set::add, Set::addAll);
        }
    }

    /** The stream file and manifest names of these points. */
    static Set<String> pairsOf(List<RestorePoint> kept) {
        Set<String> names = new TreeSet<>();
        for (RestorePoint point : kept) {
            names.add(point.name() + "." + point.kind().token() + StreamFileName.SUFFIX);
            names.add(point.name() + StoreLayout.MANIFEST_SUFFIX);
        }
        return names;
    }
}
