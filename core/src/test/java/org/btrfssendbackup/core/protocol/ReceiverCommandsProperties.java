package org.btrfssendbackup.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.Compression;

/**
 * The one grammar of the receiver protocol: every command the producer and restore can build
 * formats to a line the receiver's parser turns back into the same command, and the parser
 * accepts nothing else (whatever it accepts is exactly the line the command would format to).
 */
class ReceiverCommandsProperties {

    private static final Set<String> KNOWN_WORDS = Set.of("version", "put-stream", "list", "get-stream",
            "open-luks", "receive", "prune-received", "close-luks", "read-session");
    private static final long FROM = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();
    private static final long TO = Instant.parse("2099-12-31T23:59:59Z").getEpochSecond();

    @Property(tries = 500)
    void everyCommandFormatsAndParsesBackToItself(@ForAll("commands") ReceiverCommand command) {
        assertThat(ReceiverCommands.parse(command.format())).isEqualTo(command);
    }

    @Property(tries = 500)
    void whatTheParserAcceptsIsExactlyWhatTheCommandFormatsTo(@ForAll("lines") String line) {
        ReceiverCommand parsed;
        try {
            parsed = ReceiverCommands.parse(line);
        } catch (CommandRefusedException refused) {
            return;
        }
        assertThat(parsed.format()).isEqualTo(line);
    }

    @Property(tries = 300)
    void aMangledSeparatorIsRefused(@ForAll("commands") ReceiverCommand command,
                                    @ForAll("separators") String separator, @ForAll @IntRange(min = 0, max = 2) int where) {
        String line = command.format();
        String mangled = switch (where) {
            case 0 -> separator + line;
            case 1 -> line + separator;
            default -> line.contains(" ") ? line.replaceFirst(" ", separator) : line + separator;
        };
        assertThatThrownBy(() -> ReceiverCommands.parse(mangled)).isInstanceOf(CommandRefusedException.class);
    }

    @Property(tries = 300)
    void anUnknownWordIsRefused(@ForAll("commands") ReceiverCommand command, @ForAll("words") String word) {
        String line = command.format();
        String rest = line.substring(command.word().length());
        assertThatThrownBy(() -> ReceiverCommands.parse(word + rest))
                .isInstanceOf(CommandRefusedException.class).hasMessageContaining("unknown command");
    }

    @Property(tries = 300)
    void aBadNameIsRefused(@ForAll("commandsWithASet") ReceiverCommand command, @ForAll("badSets") String badSet) {
        String line = command.format();
        String[] words = line.split(" ");
        words[1] = badSet;
        assertThatThrownBy(() -> ReceiverCommands.parse(String.join(" ", words)))
                .isInstanceOf(CommandRefusedException.class).hasMessageContaining("bad set");
    }

    @Property(tries = 200)
    void anExtraArgumentIsRefused(@ForAll("commands") ReceiverCommand command, @ForAll("setNames") BackupSetName extra) {
        // "receive SET SNAPSHOT" takes an optional PARENT: a set name there is refused as a bad parent
        assertThatThrownBy(() -> ReceiverCommands.parse(command.format() + " " + extra.value()))
                .isInstanceOf(CommandRefusedException.class);
    }

    @Provide
    Arbitrary<ReceiverCommand> commands() {
        return Arbitraries.oneOf(
                Arbitraries.just(new ReceiverCommand.Version()),
                Arbitraries.just(new ReceiverCommand.OpenLuks()),
                Arbitraries.just(new ReceiverCommand.CloseLuks()),
                Arbitraries.just(new ReceiverCommand.ReadSession()),
                commandsWithASet());
    }

    @Provide
    Arbitrary<ReceiverCommand> commandsWithASet() {
        Arbitrary<ReceiverCommand> putStream = Combinators.combine(setNames(), pairs(), Arbitraries.of(Compression.class),
                Arbitraries.of(StreamKind.class)).as((set, pair, compression, kind) -> new ReceiverCommand.PutStream(
                        set, pair.snapshot(), kind, kind == StreamKind.INCR ? Optional.of(pair.parent()) : Optional.empty(),
                        compression));
        Arbitrary<ReceiverCommand> receive = Combinators.combine(setNames(), pairs(), Arbitraries.of(true, false))
                .as((set, pair, incr) -> new ReceiverCommand.Receive(set, pair.snapshot(),
                        incr ? Optional.of(pair.parent()) : Optional.empty()));
        Arbitrary<ReceiverCommand> getStream = Combinators.combine(setNames(), snapshots(), Arbitraries.of(StreamKind.class))
                .as((set, snapshot, kind) -> new ReceiverCommand.GetStream(set, StreamFileName.of(snapshot, kind)));
        return Arbitraries.oneOf(putStream, receive, getStream,
                setNames().map(ReceiverCommand.ListSet::new),
                setNames().map(ReceiverCommand.PruneReceived::new));
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> tokens = Arbitraries.oneOf(
                Arbitraries.of("version", "put-stream", "list", "get-stream", "open-luks", "receive", "prune-received",
                        "close-luks", "read-session", "full", "incr", "compression=zstd", "compression=none", "compression=unknown",
                        "compression=", "prod-srv/rootfs", "a/b/c/d", "../x", ".hidden", "x.btrfs.gpg"),
                setNames().map(BackupSetName::value),
                snapshots().map(SnapshotName::value),
                Arbitraries.strings().ascii().ofMaxLength(12));
        return tokens.list().ofMinSize(1).ofMaxSize(6).flatMap(words -> Arbitraries.of(" ", "  ", "\t", " ")
                .map(sep -> String.join(sep, words)));
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.of("  ", "\t", "\n", "\r", " \t", "\u00a0");
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.oneOf(Arbitraries.strings().withCharRange('a', 'z').withChars('-').ofMinLength(1).ofMaxLength(14),
                        Arbitraries.of("Version", "LIST", "put_stream", "get", "rm", "sh"))
                .filter(w -> !KNOWN_WORDS.contains(w));
    }

    @Provide
    Arbitrary<String> badSets() {
        return Arbitraries.of("..", ".", "-x", "a//b", "/a", "a/", "a/b/c/d", "a;b", "a$b", "a\\b", "_x", "x/.y",
                "a".repeat(256));
    }

    @Provide
    Arbitrary<BackupSetName> setNames() {
        Arbitrary<String> component = Combinators.combine(
                Arbitraries.chars().alpha().numeric(),
                Arbitraries.strings().alpha().numeric().withChars('.', '_', '-').ofMaxLength(20))
                .as((first, rest) -> first + rest);
        return component.list().ofMinSize(1).ofMaxSize(BackupSetName.MAX_COMPONENTS)
                .map(parts -> BackupSetName.of(String.join("/", parts)));
    }

    @Provide
    Arbitrary<SnapshotName> snapshots() {
        Arbitrary<String> prefix = Combinators.combine(
                Arbitraries.chars().alpha().numeric(),
                Arbitraries.strings().alpha().numeric().withChars('.', '_', '-').ofMaxLength(30))
                .as((first, rest) -> first + rest);
        return Combinators.combine(prefix, Arbitraries.longs().between(FROM, TO))
                .as((p, seconds) -> SnapshotName.of(p, Instant.ofEpochSecond(seconds)));
    }

    record Pair(SnapshotName parent, SnapshotName snapshot) {
    }

    Arbitrary<Pair> pairs() {
        return Combinators.combine(snapshots(), snapshots()).filter((a, b) -> a.compareTo(b) != 0)
                .as((a, b) -> a.compareTo(b) < 0 ? new Pair(a, b) : new Pair(b, a));
    }

}
