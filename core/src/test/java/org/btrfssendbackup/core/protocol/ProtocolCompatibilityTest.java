package org.btrfssendbackup.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The handshake's decision, as a table: which receiver answers a producer can work with, and what it says otherwise. */
class ProtocolCompatibilityTest {

    private static final List<String> PUT = List.of("put-stream", "list");
    private static final List<String> REMOTE = List.of("open-luks", "list", "receive", "prune-received", "close-luks");
    private static final List<String> ALL = ReceiverProtocol.ENABLED_COMMANDS;
    private static final String UPGRADE = ": upgrade btrfs-send-backup on backup-srv";

    static Stream<Arguments> table() {
        return Stream.of(
                // receiver answer, producer needs, commands used, expected problem (null: none), expected note (null: none)
                Arguments.of(reply(1, ALL, List.of()), 1, PUT, null, null),
                Arguments.of(reply(1, ALL, List.of()), 1, REMOTE, null, null),
                Arguments.of(Optional.empty(), 1, PUT, "backup-srv receiver does not know the version command (a build"
                        + " from before the protocol handshake), this producer needs protocol >= 1" + UPGRADE, null),
                Arguments.of(Optional.of(new VersionReply(OptionalInt.empty(), List.of(), List.of(), List.of(),
                        OptionalLong.empty())), 1, PUT, "backup-srv receiver names no protocol version (a build from"
                        + " before the protocol handshake), this producer needs protocol >= 1" + UPGRADE, null),
                Arguments.of(reply(1, ALL, List.of()), 2, PUT,
                        "backup-srv receiver speaks protocol 1, this producer needs >= 2" + UPGRADE, null),
                Arguments.of(reply(0, ALL, List.of()), 1, PUT,
                        "backup-srv receiver speaks protocol 0, this producer needs >= 1" + UPGRADE, null),
                // a receiver from before remote-btrfs: it listed the commands as disabled, or did not know them
                Arguments.of(reply(1, List.of("version", "put-stream", "list", "get-stream"), List.of()), 1, REMOTE,
                        "backup-srv receiver speaks protocol 1 but does not accept open-luks, receive, prune-received,"
                                + " close-luks, which this producer is about to use" + UPGRADE, null),
                Arguments.of(reply(1, ALL, List.of("receive", "prune-received")), 1, REMOTE,
                        "backup-srv receiver speaks protocol 1 but does not accept receive, prune-received, which"
                                + " this producer is about to use" + UPGRADE, null),
                // ...which is no problem for an encrypted-stream producer
                Arguments.of(reply(1, List.of("version", "put-stream", "list", "get-stream"), List.of()), 1, PUT, null,
                        null),
                // an upgraded receiver that still takes what this producer sends: fine, worth a note
                Arguments.of(reply(ReceiverProtocol.VERSION + 1, ALL, List.of()), 1, PUT, null, "backup-srv receiver"
                        + " speaks protocol " + (ReceiverProtocol.VERSION + 1) + ", newer than this build's "
                        + ReceiverProtocol.VERSION + "; it accepts put-stream, list, which is all this producer uses"),
                Arguments.of(reply(ReceiverProtocol.VERSION + 1, List.of("version", "list"), List.of()), 1, PUT,
                        "backup-srv receiver speaks protocol " + (ReceiverProtocol.VERSION + 1) + " but does not"
                                + " accept put-stream, which this producer is about to use" + UPGRADE, null),
                // no command list said: the receiver's own refusal still guards each command
                Arguments.of(reply(1, List.of(), List.of()), 1, REMOTE, null, null));
    }

    @ParameterizedTest
    @MethodSource("table")
    void decides(Optional<VersionReply> answer, int needed, List<String> commands, String problem, String note) {
        ProtocolCompatibility.Verdict verdict = ProtocolCompatibility.check("backup-srv", answer, needed, commands);
        assertThat(verdict.problem()).isEqualTo(Optional.ofNullable(problem));
        assertThat(verdict.note()).isEqualTo(Optional.ofNullable(note));
        assertThat(verdict.compatible()).isEqualTo(problem == null);
    }

    private static Optional<VersionReply> reply(int protocol, List<String> commands, List<String> disabled) {
        return Optional.of(new VersionReply(OptionalInt.of(protocol), commands, disabled, List.of(), OptionalLong.empty()));
    }
}
