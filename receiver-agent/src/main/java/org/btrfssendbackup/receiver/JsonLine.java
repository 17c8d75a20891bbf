package org.btrfssendbackup.receiver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.protocol.ReceiverProtocol;
import org.btrfssendbackup.receiver.btrfs.ReceivedSnapshot;
import org.btrfssendbackup.receiver.luks.LuksVolume;
import org.btrfssendbackup.core.protocol.FlatJson;
import org.btrfssendbackup.core.protocol.PruneReceivedReply;
import org.btrfssendbackup.core.protocol.PutStreamReply;
import org.btrfssendbackup.core.protocol.ReceiveReply;
import org.btrfssendbackup.core.protocol.VersionReply;

/**
 * The one-line JSON replies of the receiver (field order fixed, absent values left out): the
 * put-stream, receive, prune-received and version replies through their core.protocol records'
 * {@code format()}, the list and LUKS lines still by hand with {@link FlatJson}.
 */
final class JsonLine {

    private JsonLine() {
    }

    static String of(Map<String, ?> fields) {
        return FlatJson.object(fields);
    }

    static String putStream(PutStreamResult result) {
        PutStreamReply.Status status = result.status() == PutStreamResult.Status.STORED ? PutStreamReply.Status.STORED
                : PutStreamReply.Status.ALREADY_STORED;
        return new PutStreamReply(status, result.manifest().set(), result.manifest().snapshot(),
                result.manifest().streamFile(), result.bytes(), result.sha256()).format();
    }

    static String manifest(Manifest m) {
        return manifest(m, Optional.empty());
    }

    /**
     * A manifest line; {@code restorable} says whether its chain can be restored (and so chained
     * on), {@code unrestorable} why not. Readers that predate the field treat it as restorable.
     */
    static String manifest(Manifest m, Optional<String> unrestorable) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("formatVersion", m.formatVersion());
        fields.put("set", m.set().value());
        fields.put("snapshot", m.snapshot().value());
        fields.put("kind", m.kind().token());
        m.parent().ifPresent(p -> fields.put("parent", p.value()));
        fields.put("file", m.streamFile().value());
        m.bytes().ifPresent(b -> fields.put("bytes", b));
        m.sha256().ifPresent(h -> fields.put("sha256", h));
        fields.put("compression", m.compression().token());
        fields.put("encryption", m.encryption());
        m.producerHost().ifPresent(h -> fields.put("producerHost", h));
        m.uuids().snapshotUuid().ifPresent(u -> fields.put("btrfsUuid", u));
        m.uuids().parentUuid().ifPresent(u -> fields.put("btrfsParentUuid", u));
        fields.put("created", m.created().toString());
        m.received().ifPresent(r -> fields.put("received", r.toString()));
        fields.put("restorable", unrestorable.isEmpty());
        unrestorable.ifPresent(cause -> fields.put("unrestorable", cause));
        return of(fields);
    }

    static String streamWithoutManifest(String fileName) {
        return of(Map.of("status", "no-manifest", "file", fileName,
                "error", "stream file without a manifest: not restorable, never chained on"));
    }

    static String opened(LuksVolume.OpenStatus status, LuksVolume volume) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", status.token());
        fields.put("device", volume.settings().device().toString());
        fields.put("mapping", volume.mapperDevice().toString());
        fields.put("mount", volume.settings().mountPoint().toString());
        return of(fields);
    }

    static String closed(boolean wasOpen) {
        return of(Map.of("status", wasOpen ? "closed" : "already-closed"));
    }

    static String received(ReceiveResult result) {
        ReceiveReply.Status status = result.status() == ReceiveResult.Status.RECEIVED ? ReceiveReply.Status.RECEIVED
                : ReceiveReply.Status.ALREADY_RECEIVED;
        return new ReceiveReply(status, result.snapshot(), result.parent(), result.bytes(), result.sha256(),
                result.receivedUuid()).format();
    }

    static String pruned(PruneReceivedResult result) {
        return new PruneReceivedReply(result.keptReasons().size(), result.deleted(), result.ignored()).format();
    }

    static String receivedSnapshot(ReceivedSnapshot snapshot) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", "received-snapshot");
        fields.put("snapshot", snapshot.name().value());
        fields.put("received_uuid", snapshot.receivedUuid().toString());
        // only complete (read-only) received snapshots are ever listed
        fields.put("read_only", true);
        return of(fields);
    }

    static String invalidManifest(String fileName, String error) {
        return of(Map.of("status", "invalid-manifest", "manifestFile", fileName, "error", error));
    }

    /**
     * @param freeBytes usable bytes on BACKUP_ROOT's filesystem, so the producer can refuse an upload
     *                  that clearly will not fit before sending it; empty (field left out) when the
     *                  root cannot be read. Old producers ignore the extra field.
     */
    static String version(OptionalLong freeBytes) {
        return VersionReply.ofThisReceiver(freeBytes).format();
    }
}
