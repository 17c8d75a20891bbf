package org.btrfssendbackup.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.BtrfsUuids;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.manifest.Manifest;

/**
 * The reply records' one codec: what the receiver formats (without Jackson) the producer parses
 * (with Jackson) back to the same record, and the parser refuses what no format produces: a
 * required field left out, a field of the wrong type, an unknown status.
 */
class ReplyProperties {

    /** Test code only: product code passes messages.JsonFormats.line() or the event mapper. */
    private static final ObjectMapper LINE = new ObjectMapper();
    private static final ReceiverCommandsProperties NAMES = new ReceiverCommandsProperties();

    /** One reply with its line and the parse of its command. */
    record Case(Object reply, String line, Parser parser, Set<String> required) {
        Object parse(String output) throws IOException {
            return parser.parse(output);
        }
    }

    interface Parser {
        Object parse(String output) throws IOException;
    }

    @Property(tries = 500)
    void everyReplyFormatsAndParsesBackToItself(@ForAll("replies") Case c) throws IOException {
        assertThat(c.parse(c.line())).isEqualTo(c.reply());
        // ssh or the forced command may print before the reply: the last line is the reply
        assertThat(c.parse("Welcome to backup-srv\n" + c.line() + "\n\n")).isEqualTo(c.reply());
    }

    @Property(tries = 300)
    void aRequiredFieldLeftOutIsRefused(@ForAll("replies") Case c, @ForAll("indexes") int which) throws IOException {
        if (c.required().isEmpty()) {
            return;
        }
        String field = List.copyOf(c.required()).get(which % c.required().size());
        ObjectNode node = (ObjectNode) LINE.readTree(c.line());
        node.remove(field);
        assertThatThrownBy(() -> c.parse(LINE.writeValueAsString(node))).isInstanceOf(IOException.class)
                .hasMessageContaining(field);
    }

    @Property(tries = 300)
    void aFieldOfTheWrongTypeIsRefused(@ForAll("replies") Case c, @ForAll("indexes") int which) throws IOException {
        ObjectNode node = (ObjectNode) LINE.readTree(c.line());
        List<String> fields = new ArrayList<>();
        node.fieldNames().forEachRemaining(fields::add);
        fields.removeAll(Set.of("program")); // informational only: nobody reads it
        String field = fields.get(which % fields.size());
        JsonNode value = node.get(field);
        if (value.isNull()) {
            node.put(field, 7); // "parent": null takes a name or null, never a number
        } else if (value.isTextual()) {
            node.put(field, 7);
        } else if (value.isNumber()) {
            node.put(field, "7");
        } else {
            node.put(field, "[]"); // a list as a string
        }
        assertThatThrownBy(() -> c.parse(LINE.writeValueAsString(node))).isInstanceOf(IOException.class);
    }

    @Property(tries = 200)
    void anUnknownStatusIsRefused(@ForAll("replies") Case c, @ForAll("statuses") String status) throws IOException {
        ObjectNode node = (ObjectNode) LINE.readTree(c.line());
        node.put("status", status);
        assertThatThrownBy(() -> c.parse(LINE.writeValueAsString(node))).isInstanceOf(IOException.class)
                .hasMessageContaining("status '" + status + "'");
    }

    @Provide
    Arbitrary<Integer> indexes() {
        return Arbitraries.integers().between(0, 99);
    }

    @Provide
    Arbitrary<String> statuses() {
        return Arbitraries.oneOf(Arbitraries.of("refused", "failed", "Stored", "received ", "prune", ""),
                Arbitraries.strings().alpha().ofMaxLength(10)).filter(s -> !Set.of("stored", "already-stored",
                "received", "already-received", "pruned", "ok", "opened", "already-open", "closed", "already-closed")
                .contains(s));
    }

    @Provide
    Arbitrary<Case> replies() {
        return Arbitraries.oneOf(putStreamReplies().map(r -> new Case(r, r.format(), o -> PutStreamReply.parse(o, LINE),
                        Set.of("status", "set", "snapshot", "file", "bytes", "sha256"))),
                receiveReplies().map(r -> new Case(r, r.format(), o -> ReceiveReply.parse(o, LINE),
                        Set.of("status", "snapshot", "parent", "bytes", "sha256", "received_uuid"))),
                pruneReceivedReplies().map(r -> new Case(r, r.format(), o -> PruneReceivedReply.parse(o, LINE),
                        Set.of("status", "kept", "deleted"))),
                versionReplies().map(r -> new Case(r, r.format(), o -> VersionReply.parse(o, LINE), Set.of())),
                openLuksReplies().map(r -> new Case(r, r.format(), o -> OpenLuksReply.parse(o, LINE), Set.of("status"))),
                Arbitraries.of(true, false).map(CloseLuksReply::of)
                        .map(r -> new Case(r, r.format(), o -> CloseLuksReply.parse(o, LINE), Set.of("status"))));
    }

    /** The list lines the receiver writes read back, through the one list reader, to the same line. */
    @Property(tries = 300)
    void everyListLineFormatsAndParsesBackToItself(@ForAll("listLines") ListReplyLine line) {
        assertThat(line.text()).isEqualTo(line.format());
        assertThat(ListReply.parseLine(line.format(), LINE)).isEqualTo(line);
        assertThat(ListReply.parse("\n" + line.format() + "\n" + line.format(), LINE)).containsExactly(line, line);
    }

    @Provide
    Arbitrary<ListReplyLine> listLines() {
        Arbitrary<String> words = Arbitraries.strings().withCharRange(' ', '~').withChars("\"\\\n\té").ofMinLength(1)
                .ofMaxLength(40);
        Arbitrary<ListReplyLine> invalid = Combinators.combine(words, words).as(ListReplyLine.InvalidManifest::of);
        Arbitrary<ListReplyLine> noManifest = Combinators.combine(NAMES.snapshots(), Arbitraries.of(StreamKind.class))
                .as((snapshot, kind) -> ListReplyLine.NoManifest.of(StreamFileName.of(snapshot, kind).value()));
        Arbitrary<ListReplyLine> received = Combinators.combine(NAMES.snapshots(),
                Arbitraries.randomValue(r -> new UUID(r.nextLong(), r.nextLong()))).as(ListReplyLine.ReceivedSnapshot::of);
        Arbitrary<ListReplyLine> streams = Combinators.combine(manifests(), words.injectNull(0.5))
                .as((m, cause) -> ListReplyLine.Stream.of(m, Optional.ofNullable(cause)));
        return Arbitraries.oneOf(invalid, noManifest, received, streams);
    }

    /** The manifest's parts beyond what Combinators takes at once. */
    record Extras(Optional<String> snapshotUuid, Optional<String> parentUuid, Optional<Integer> receivedAfter) {
    }

    Arbitrary<Manifest> manifests() {
        Arbitrary<Optional<String>> hosts = Arbitraries.of("prod-srv", "db1.example.org").injectNull(0.3)
                .map(Optional::ofNullable);
        Arbitrary<Optional<String>> uuids = Arbitraries.randomValue(r -> new UUID(r.nextLong(), r.nextLong()).toString())
                .injectNull(0.4).map(Optional::ofNullable);
        Arbitrary<OptionalLong> bytes = counts().injectNull(0.2).map(b -> b == null ? OptionalLong.empty() : OptionalLong.of(b));
        return Combinators.combine(NAMES.setNames(), NAMES.pairs(), Arbitraries.of(true, false), bytes,
                sha256s().injectNull(0.2), Arbitraries.of(Compression.class), hosts,
                Combinators.combine(uuids, uuids, Arbitraries.integers().between(0, 86_400).injectNull(0.3)
                        .map(Optional::ofNullable)).as(Extras::new))
                .as((set, pair, incr, size, sha, compression, host, extras) -> {
                    StreamKind kind = incr ? StreamKind.INCR : StreamKind.FULL;
                    return new Manifest(Manifest.FORMAT_VERSION, set, pair.snapshot(), kind,
                            incr ? Optional.of(pair.parent()) : Optional.empty(), StreamFileName.of(pair.snapshot(), kind),
                            size, Optional.ofNullable(sha), compression, Manifest.ENCRYPTION_OPENPGP, host,
                            new BtrfsUuids(extras.snapshotUuid(), extras.parentUuid()), pair.snapshot().time(),
                            extras.receivedAfter().map(s -> pair.snapshot().time().plusSeconds(s)), Map.of());
                });
    }

    Arbitrary<OpenLuksReply> openLuksReplies() {
        Arbitrary<Optional<String>> paths = Arbitraries.of("/dev/vdb", "/dev/mapper/btrfs-backup", "/srv/backup-received")
                .injectNull(0.2).map(Optional::ofNullable);
        return Combinators.combine(Arbitraries.of(OpenLuksReply.Status.class), paths, paths, paths).as(OpenLuksReply::new);
    }

    Arbitrary<PutStreamReply> putStreamReplies() {
        return Combinators.combine(Arbitraries.of(PutStreamReply.Status.class), NAMES.setNames(), NAMES.snapshots(),
                Arbitraries.of(StreamKind.class), counts(), sha256s()).as((status, set, snapshot, kind, bytes, sha) ->
                new PutStreamReply(status, set, snapshot, StreamFileName.of(snapshot, kind), bytes, sha));
    }

    Arbitrary<ReceiveReply> receiveReplies() {
        return Combinators.combine(Arbitraries.of(ReceiveReply.Status.class), NAMES.pairs(), Arbitraries.of(true, false),
                counts(), sha256s(), Arbitraries.randomValue(r -> new UUID(r.nextLong(), r.nextLong())))
                .as((status, pair, incr, bytes, sha, uuid) -> new ReceiveReply(status, pair.snapshot(),
                        incr ? Optional.of(pair.parent()) : Optional.empty(), bytes, sha, uuid));
    }

    Arbitrary<PruneReceivedReply> pruneReceivedReplies() {
        Arbitrary<List<String>> names = NAMES.snapshots().map(s -> s.value()).list().ofMaxSize(4);
        Arbitrary<List<String>> entries = Arbitraries.strings().ofMinLength(1).ofMaxLength(20).list().ofMaxSize(3);
        return Combinators.combine(Arbitraries.integers().between(0, 10_000), names, entries)
                .as(PruneReceivedReply::new);
    }

    Arbitrary<VersionReply> versionReplies() {
        Arbitrary<List<String>> commands = Arbitraries.of(ReceiverProtocol.ENABLED_COMMANDS).list().uniqueElements()
                .ofMinSize(1).ofMaxSize(8);
        Arbitrary<OptionalInt> protocol = Arbitraries.integers().between(0, 1000).injectNull(0.2)
                .map(p -> p == null ? OptionalInt.empty() : OptionalInt.of(p));
        Arbitrary<OptionalLong> free = counts().injectNull(0.3).map(b -> b == null ? OptionalLong.empty() : OptionalLong.of(b));
        Arbitrary<List<String>> disabled = Arbitraries.of(List.<String>of(), List.of("receive"));
        Arbitrary<List<String>> options = Arbitraries.of(List.<String>of(), ReceiverProtocol.PUT_STREAM_OPTIONS);
        return Combinators.combine(protocol, commands, disabled, options, free).as(VersionReply::new);
    }

    private static Arbitrary<Long> counts() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 1 << 20), Arbitraries.longs().between(0, Long.MAX_VALUE));
    }

    private static Arbitrary<String> sha256s() {
        return Arbitraries.strings().withChars("0123456789abcdef").ofLength(64);
    }
}
