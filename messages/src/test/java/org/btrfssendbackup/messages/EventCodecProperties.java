package org.btrfssendbackup.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.messages.event.EventTypes;
import org.btrfssendbackup.messages.event.PruneCompleted;
import org.btrfssendbackup.messages.event.PruneTarget;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.StepFailed;
import org.btrfssendbackup.messages.event.StreamSent;

/** encode then decode gives back an equal envelope, for generated envelopes and payloads. */
class EventCodecProperties {

    private final EventCodec codec = new EventCodec();

    @Property(tries = 300)
    void encodeDecodeRoundTrips(@ForAll("envelopes") EventEnvelope envelope) {
        DecodeResult result = codec.decode(codec.encode(envelope));

        assertThat(result.isDecoded()).as("%s", result).isTrue();
        assertThat(result.envelope()).isEqualTo(envelope);
    }

    @Property(tries = 100)
    void decodingArbitraryTextNeverThrows(@ForAll("text") String anything) {
        assertThat(codec.decode(anything)).isNotNull();
    }

    @Provide
    Arbitrary<EventEnvelope> envelopes() {
        Arbitrary<UUID> uuids = Arbitraries.randomValue(random -> new UUID(random.nextLong(), random.nextLong()));
        Arbitrary<Instant> instants = Combinators.combine(
                        Arbitraries.longs().between(0, 7_258_118_400L), Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
        Arbitrary<String> sets = component().list().ofMinSize(1).ofMaxSize(3).map(parts -> String.join("/", parts));
        Arbitrary<String> runIds = Arbitraries.oneOf(Arbitraries.just(null), uuids.map(UUID::toString));
        return Combinators.combine(uuids, instants, sets, runIds, uuids.injectNull(0.3), payloads())
                .as((id, at, set, run, cause, payload) -> new EventEnvelope(id, EventTypes.nameOf(payload),
                        EventEnvelope.SCHEMA_VERSION, at, "prod-srv", set, run, cause, payload));
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
                envelopes().map(codec::encode).map(json -> json.substring(0, json.length() / 2)));
    }

    private Arbitrary<EventPayload> payloads() {
        Arbitrary<String> text = freeText();
        Arbitrary<EventPayload> requested = Combinators.combine(text, text, Arbitraries.of(true, false))
                .as(BackupRequested::new);
        Arbitrary<EventPayload> sent = Combinators.combine(
                        Arbitraries.longs().greaterOrEqual(0), Arbitraries.longs().greaterOrEqual(0), text,
                        Arbitraries.of(true, false), Arbitraries.strings().withChars("0123456789abcdef").ofLength(64))
                .as((bytes, millis, compression, stored, sha) -> new StreamSent(EventSamples.SNAPSHOT,
                        SnapshotKind.INCR, EventSamples.PARENT, BackupMode.ENCRYPTED_STREAM, bytes, sha, compression,
                        "openpgp-aes256", millis, stored));
        Arbitrary<EventPayload> failed = Combinators.combine(text, Arbitraries.integers().greaterOrEqual(1),
                        Arbitraries.strings().ofMaxLength(5000).injectNull(0.2), Arbitraries.of(true, false))
                .as((step, attempt, message, transientFailure) -> new StepFailed(step, attempt,
                        UUID.nameUUIDFromBytes(step.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        "SnapshotCreated", "java.io.IOException", message, transientFailure));
        Arbitrary<EventPayload> pruned = Combinators.combine(
                        Arbitraries.maps(component(), text).ofMaxSize(5), Arbitraries.integers().between(0, 1000),
                        Arbitraries.of(PruneTarget.class))
                .as((kept, deleted, target) -> PruneCompleted.of(target, deleted, 0, kept, false, 1));
        return Arbitraries.oneOf(requested, sent, failed, pruned);
    }

    private static Arbitrary<String> component() {
        return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8)
                .flatMap(head -> Arbitraries.strings().alpha().numeric().withChars("._-").ofMaxLength(8)
                        .map(tail -> head + tail));
    }

    /** Printable and control characters, quotes, backslashes and non-Latin text, never blank. */
    private static Arbitrary<String> freeText() {
        return Arbitraries.strings().ascii().withCharRange('\u00a0', '\u04ff').withChars("\"\\\n\t")
                .ofMinLength(1).ofMaxLength(40).filter(s -> !s.isBlank());
    }

}
