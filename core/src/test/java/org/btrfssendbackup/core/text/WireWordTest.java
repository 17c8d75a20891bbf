package org.btrfssendbackup.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.btrfssendbackup.core.config.BackupMode;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.protocol.CloseLuksReply;
import org.btrfssendbackup.core.protocol.OpenLuksReply;
import org.btrfssendbackup.core.protocol.PutStreamReply;
import org.btrfssendbackup.core.protocol.ReceiveReply;
import org.junit.jupiter.api.Test;

class WireWordTest {

    /** The words the seed's files and older receivers use: a renamed constant must fail here. */
    @Test
    void everyConstantIsWrittenAsTheWordTheFormatsUse() {
        assertThat(StreamKind.FULL.token()).isEqualTo("full");
        assertThat(StreamKind.INCR.token()).isEqualTo("incr");
        assertThat(Compression.ZSTD.token()).isEqualTo("zstd");
        assertThat(BackupMode.ENCRYPTED_STREAM.token()).isEqualTo("encrypted-stream");
        assertThat(BackupMode.REMOTE_BTRFS.token()).isEqualTo("remote-btrfs");
        assertThat(PutStreamReply.Status.ALREADY_STORED.token()).isEqualTo("already-stored");
        assertThat(ReceiveReply.Status.ALREADY_RECEIVED.token()).isEqualTo("already-received");
        assertThat(OpenLuksReply.Status.OPENED.token()).isEqualTo("opened");
        assertThat(OpenLuksReply.Status.ALREADY_OPEN.token()).isEqualTo("already-open");
        assertThat(CloseLuksReply.Status.CLOSED.token()).isEqualTo("closed");
        assertThat(CloseLuksReply.Status.ALREADY_CLOSED.token()).isEqualTo("already-closed");
    }

    /** The LUKS replies' statuses are wire words too: one lookup reads every reply's status. */
    @Test
    void everyReplyStatusIsFoundByItsWord() {
        assertThat(WireWord.find(OpenLuksReply.Status.class, "already-open")).contains(OpenLuksReply.Status.ALREADY_OPEN);
        assertThat(WireWord.find(CloseLuksReply.Status.class, "already-closed")).contains(CloseLuksReply.Status.ALREADY_CLOSED);
        assertThat(WireWord.find(OpenLuksReply.Status.class, "closed")).isEmpty();
    }

    @Test
    void findIsExactAndCaseSensitive() {
        assertThat(WireWord.find(BackupMode.class, "remote-btrfs")).contains(BackupMode.REMOTE_BTRFS);
        assertThat(WireWord.find(BackupMode.class, "REMOTE_BTRFS")).isEmpty();
        assertThat(WireWord.find(BackupMode.class, "Remote-btrfs")).isEmpty();
        assertThat(WireWord.find(BackupMode.class, "remote_btrfs")).isEmpty();
        assertThat(WireWord.find(StreamKind.class, "")).isEmpty();
    }
}
