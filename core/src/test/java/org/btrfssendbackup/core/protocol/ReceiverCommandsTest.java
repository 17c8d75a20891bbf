package org.btrfssendbackup.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReceiverCommandsTest {

    private static final String SET = "prod-srv/rootfs";
    private static final String S1 = "prod-srv-rootfs-20260131T020500Z";
    private static final String S2 = "prod-srv-rootfs-20260201T020500Z";

    @Test
    void acceptsEveryCommand() {
        assertThat(ReceiverCommands.parse("version")).isEqualTo(new ReceiverCommand.Version());
        assertThat(ReceiverCommands.parse("put-stream " + SET + " " + S1 + " full")).isEqualTo(
                new ReceiverCommand.PutStream(BackupSetName.of(SET), SnapshotName.parse(S1), StreamKind.FULL,
                        Optional.empty(), Compression.UNKNOWN));
        assertThat(ReceiverCommands.parse("put-stream " + SET + " " + S2 + " incr " + S1 + " compression=zstd"))
                .isEqualTo(new ReceiverCommand.PutStream(BackupSetName.of(SET), SnapshotName.parse(S2), StreamKind.INCR,
                        Optional.of(SnapshotName.parse(S1)), Compression.ZSTD));
        assertThat(ReceiverCommands.parse("put-stream " + SET + " " + S1 + " full compression=none"))
                .extracting(c -> ((ReceiverCommand.PutStream) c).compression()).isEqualTo(Compression.NONE);
        assertThat(ReceiverCommands.parse("list " + SET)).isEqualTo(new ReceiverCommand.ListSet(BackupSetName.of(SET)));
        assertThat(ReceiverCommands.parse("get-stream " + SET + " " + S1 + ".full.btrfs.gpg")).isEqualTo(
                new ReceiverCommand.GetStream(BackupSetName.of(SET), StreamFileName.parse(S1 + ".full.btrfs.gpg")));
        assertThat(ReceiverCommands.parse("open-luks")).isEqualTo(new ReceiverCommand.OpenLuks());
        assertThat(ReceiverCommands.parse("receive " + SET + " " + S2 + " " + S1)).isEqualTo(new ReceiverCommand.Receive(
                BackupSetName.of(SET), SnapshotName.parse(S2), Optional.of(SnapshotName.parse(S1))));
        assertThat(ReceiverCommands.parse("receive " + SET + " " + S1)).isInstanceOf(ReceiverCommand.Receive.class);
        assertThat(ReceiverCommands.parse("prune-received " + SET)).isEqualTo(
                new ReceiverCommand.PruneReceived(BackupSetName.of(SET)));
        assertThat(ReceiverCommands.parse("close-luks")).isEqualTo(new ReceiverCommand.CloseLuks());
        assertThat(ReceiverCommands.parse("read-session")).isEqualTo(new ReceiverCommand.ReadSession());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // empty, spacing
            "", " ", "  ", "version ", " version", "list  " + SET, "list " + SET + " ", "list\t" + SET,
            "put-stream " + SET + "  " + S1 + " full",
            // unknown commands and other programs
            "ls /", "sh -c id", "bash", "rm -rf /", "cat /etc/shadow", "scp -t /tmp", "rsync --server . /",
            "VERSION", "Version", "put_stream " + SET + " " + S1 + " full", "internal-sftp", "delete " + SET + " " + S1,
            // extra or missing arguments
            "version now", "open-luks x", "close-luks now", "read-session now", "read-session " + SET, "list", "list " + SET + " extra", "get-stream " + SET,
            "get-stream " + SET + " " + S1 + ".full.btrfs.gpg extra", "prune-received", "receive " + SET,
            "receive " + SET + " " + S2 + " " + S1 + " extra",
            "put-stream", "put-stream " + SET, "put-stream " + SET + " " + S1,
            // kind and parent rules
            "put-stream " + SET + " " + S1 + " diff", "put-stream " + SET + " " + S1 + " FULL",
            "put-stream " + SET + " " + S2 + " incr", "put-stream " + SET + " " + S2 + " incr compression=zstd",
            "put-stream " + SET + " " + S2 + " full " + S1, "put-stream " + SET + " " + S1 + " incr " + S2,
            "put-stream " + SET + " " + S1 + " incr " + S1, "receive " + SET + " " + S1 + " " + S2,
            "put-stream " + SET + " " + S2 + " incr " + S1 + " " + S1,
            // options
            "put-stream " + SET + " " + S1 + " full compression=xz", "put-stream " + SET + " " + S1 + " full compression=",
            "put-stream " + SET + " " + S1 + " full compression=zstd compression=zstd",
            "put-stream " + SET + " " + S1 + " full level=3", "put-stream " + SET + " " + S1 + " full =zstd",
            // path traversal and absolute paths
            "list ../etc", "list " + SET + "/..", "list /etc", "list prod-srv/../../etc", "list ./x", "list a//b",
            "list a/b/c/d", "get-stream " + SET + " ../rootfs/" + S1 + ".full.btrfs.gpg",
            "get-stream " + SET + " /etc/shadow", "get-stream " + SET + " " + S1 + ".manifest",
            "get-stream " + SET + " .lock", "get-stream " + SET + " ." + S1 + ".full.btrfs.gpg.partial-abc",
            "put-stream ../x " + S1 + " full", "put-stream /abs " + S1 + " full",
            "put-stream " + SET + " ../" + S1 + " full",
            // shell metacharacters
            "version;id", "version && id", "version|id", "version & id", "list $(id)", "list `id`", "list a;b",
            "list a|b", "list a&b", "list a$b", "list (a)", "list a<b", "list a>b", "list 'a'", "list \"a\"",
            "list a\\b", "list a*", "version\nid", "list " + SET + "\n", "put-stream " + SET + " " + S1 + " full;id",
            // bad names and times
            "list pr\u00f6d", "list \u0000", "put-stream " + SET + " prod-20261331T020500Z full",
            "put-stream " + SET + " prod-20260131t020500Z full", "put-stream " + SET + " prod-20260131T020500z full",
            "put-stream " + SET + " prod-20260230T020500Z full", "put-stream " + SET + " prod full",
    })
    void refuses(String commandLine) {
        assertThatThrownBy(() -> ReceiverCommands.parse(commandLine))
                .isInstanceOf(CommandRefusedException.class)
                .hasMessageNotContaining("\n");
    }

    @Test
    void refusesNullAndOverlongCommands() {
        assertThatThrownBy(() -> ReceiverCommands.parse(null)).isInstanceOf(CommandRefusedException.class);
        assertThatThrownBy(() -> ReceiverCommands.parse("list " + "a".repeat(3000)))
                .hasMessageContaining("longer than");
    }

    @Test
    void refusalNamesTheProblem() {
        assertThatThrownBy(() -> ReceiverCommands.parse("sh -c id")).hasMessageContaining("unknown command 'sh'");
        assertThatThrownBy(() -> ReceiverCommands.parse("list ../etc")).hasMessageContaining("list: bad set");
        assertThatThrownBy(() -> ReceiverCommands.parse("put-stream " + SET + " " + S2 + " incr"))
                .hasMessageContaining("needs a PARENT");
    }
}
