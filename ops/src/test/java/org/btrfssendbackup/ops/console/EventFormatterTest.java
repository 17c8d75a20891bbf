package org.btrfssendbackup.ops.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.btrfssendbackup.broker.AuditEvent;
import org.btrfssendbackup.messages.EventCodec;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.EventJson;
import org.btrfssendbackup.messages.EventSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventFormatterTest {

    @Test
    void everyEventTypeHasAShortSummaryNotTheRecordDump() {
        for (EventEnvelope sample : EventSamples.all()) {
            String summary = PayloadSummary.of(sample.payload());
            assertThat(summary).as(sample.type()).isNotBlank().doesNotContain(sample.type() + "[").hasSizeLessThan(160);
        }
    }

    @Test
    void pruneTargetsAreNamedAsOnTheWire() {
        EventEnvelope pruned = EventSamples.all().stream().filter(e -> e.type().equals("SnapshotPruned")).findFirst().orElseThrow();
        assertThat(PayloadSummary.of(pruned.payload())).isEqualTo("rootfs-20240420T020002Z (local-snapshots)");
    }

    @Test
    void humanLineHasTimeTypeSetHostAndSummary() {
        EventEnvelope streamSent = EventSamples.all().stream().filter(e -> e.type().equals("StreamSent")).findFirst().orElseThrow();
        assertThat(EventFormatter.human(EventLine.of(streamSent))).isEqualTo(
                "2024-05-01T02:00:06.000Z  StreamSent       prod-srv/rootfs  prod-srv     "
                        + "rootfs-20240501T020003Z incr from rootfs-20240430T020002Z, 700.0 MiB in 4.3 s");
    }

    @Test
    void jsonLineCarriesTheRoutingFieldsAndTheWholeEvent() throws Exception {
        EventEnvelope sample = EventSamples.all().get(0);
        AuditEvent stored = new AuditEvent(sample.eventId().toString(), sample.type(), sample.backupSet(), sample.host(),
                sample.runId(), Instant.parse("2024-05-01T02:00:01.5Z"), "producer", new EventCodec().encode(sample));

        JsonNode json = EventJson.mapper().readTree(EventFormatter.json(EventLine.of(stored)));

        assertThat(json.get("eventId").asText()).isEqualTo(sample.eventId().toString());
        assertThat(json.get("type").asText()).isEqualTo("BackupRequested");
        assertThat(json.get("backupSet").asText()).isEqualTo(EventSamples.SET);
        assertThat(json.get("occurredAt").asText()).isEqualTo("2024-05-01T02:00:01Z");
        assertThat(json.get("publishedAt").asText()).isEqualTo("2024-05-01T02:00:01.500Z");
        assertThat(json.get("publishedBy").asText()).isEqualTo("producer");
        assertThat(json.get("event").get("payload").get("trigger").asText()).isEqualTo("timer");
        assertThat(new EventCodec().decode(json.get("event").toString()).envelope()).isEqualTo(sample);
    }

    @Test
    void undecodableEventsAreShownWithTheirProblem() throws Exception {
        AuditEvent stored = new AuditEvent("e-1", "BackupRequested", "home", null, null, Instant.parse("2024-05-01T02:00:00Z"),
                "producer", "{not json");
        EventLine line = EventLine.of(stored);

        assertThat(EventFormatter.human(line)).contains("BackupRequested").contains("home").contains("UNDECODABLE: malformed JSON");
        JsonNode json = EventJson.mapper().readTree(EventFormatter.json(line));
        assertThat(json.get("problem").asText()).startsWith("malformed JSON");
        assertThat(json.get("body").asText()).isEqualTo("{not json");
        assertThat(json.has("event")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"0, 0 B", "1023, 1023 B", "1536, 1.5 KiB", "734003200, 700.0 MiB", "1099511627776, 1.0 TiB"})
    void bytes(long bytes, String expected) {
        assertThat(PayloadSummary.bytes(bytes)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"850, 850 ms", "4250, 4.3 s", "245000, 4m05s", "7380000, 2h03m"})
    void durations(long millis, String expected) {
        assertThat(PayloadSummary.duration(millis)).isEqualTo(expected);
    }

    @Test
    void samplesCoverEveryType() {
        assertThat(EventSamples.all()).extracting(EventEnvelope::type)
                .containsAll(List.copyOf(org.btrfssendbackup.messages.event.EventTypes.names()));
    }
}
