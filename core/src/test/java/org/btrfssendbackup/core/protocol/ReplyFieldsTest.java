package org.btrfssendbackup.core.protocol;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.UUID;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.junit.jupiter.api.Test;

/** The reply records' shared field checks: each refusal names the reply and the field, as before. */
class ReplyFieldsTest {

    private static final String SHA = "ab".repeat(32);
    private static final SnapshotName B = SnapshotName.parse("prod-srv-rootfs-20260202T020500Z");
    private static final BackupSetName SET = BackupSetName.of("prod-srv/rootfs");
    private static final StreamFileName FILE = StreamFileName.parse(B + ".full.btrfs.gpg");

    @Test
    void aMissingFieldNamesTheReplyAndTheField() {
        assertThatThrownBy(() -> new PutStreamReply(PutStreamReply.Status.STORED, SET, B, null, 1, SHA))
                .isInstanceOf(NullPointerException.class).hasMessage("put-stream reply: file");
        assertThatThrownBy(() -> new ReceiveReply(ReceiveReply.Status.RECEIVED, B, Optional.empty(), 1, SHA, null))
                .isInstanceOf(NullPointerException.class).hasMessage("receive reply: received_uuid");
        assertThatThrownBy(() -> new OpenLuksReply(OpenLuksReply.Status.OPENED, Optional.empty(), null, Optional.empty()))
                .isInstanceOf(NullPointerException.class).hasMessage("open-luks reply: mapping");
    }

    @Test
    void aNegativeCountOrABadSha256IsRefusedNamingTheReply() {
        assertThatThrownBy(() -> new PutStreamReply(PutStreamReply.Status.STORED, SET, B, FILE, -1, SHA))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("put-stream reply: negative byte count -1");
        assertThatThrownBy(() -> new ReceiveReply(ReceiveReply.Status.RECEIVED, B, Optional.empty(), 0, "AB",
                UUID.randomUUID()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("receive reply: sha256 is not");
        assertThatThrownBy(() -> new ReceiveReply(ReceiveReply.Status.RECEIVED, B, Optional.empty(), 0, null,
                UUID.randomUUID()))
                .isInstanceOf(NullPointerException.class).hasMessage("receive reply: sha256");
    }

    @Test
    void namesAndValuesThatDoNotPairUpAreAProgrammingError() {
        assertThatThrownBy(() -> ReplyFields.present("x reply", "a b", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("x reply: 2 field names for 1 values");
    }
}
