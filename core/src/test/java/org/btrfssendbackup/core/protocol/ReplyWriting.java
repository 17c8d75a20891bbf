package org.btrfssendbackup.core.protocol;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.manifest.Manifest;

/**
 * Writes every reply and list line the way the receiver does, by plain calls (reflection would resolve every
 * method's signature, Jackson's ObjectMapper of {@code parse} included, which the JVM itself does not).
 * {@link CommandPathLoadsNoJacksonTest} loads it without any library on the class path.
 */
public final class ReplyWriting {

    private ReplyWriting() {
    }

    public static String writeAll() {
        SnapshotName a = SnapshotName.parse("prod-srv-rootfs-20260201T020500Z");
        String sha = "ab".repeat(32);
        return String.join("\n",
                VersionReply.ofThisReceiver(OptionalLong.of(5)).format(),
                new PutStreamReply(PutStreamReply.Status.STORED, BackupSetName.of("prod-srv/rootfs"), a,
                        StreamFileName.of(a, StreamKind.FULL), 1, sha).format(),
                new ReceiveReply(ReceiveReply.Status.RECEIVED, a, Optional.empty(), 1, sha, new UUID(1, 2)).format(),
                new PruneReceivedReply(2, List.of("x"), List.of()).format(),
                new OpenLuksReply(OpenLuksReply.Status.OPENED, Optional.of("/dev/vdb"), Optional.empty(), Optional.empty())
                        .format(),
                CloseLuksReply.of(true).format(),
                ListReplyLine.Stream.of(Manifest.stored(BackupSetName.of("prod-srv/rootfs"), a, StreamKind.FULL,
                        Optional.empty(), 1, sha, Compression.ZSTD, a.time()), Optional.empty()).format(),
                ListReplyLine.InvalidManifest.of("x.manifest", "bad").format(),
                ListReplyLine.NoManifest.of(StreamFileName.of(a, StreamKind.FULL).value()).format(),
                ListReplyLine.ReceivedSnapshot.of(a, new UUID(1, 2)).format());
    }
}
