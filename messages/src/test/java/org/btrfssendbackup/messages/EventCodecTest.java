package org.btrfssendbackup.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Decoding bad input yields a reason, never an exception; unknown fields are tolerated. */
class EventCodecTest {

    private final EventCodec codec = new EventCodec();
    private final EventEnvelope sample = EventSamples.all().get(5); // StreamSent

    private ObjectNode sampleTree() throws Exception {
        return (ObjectNode) EventJson.mapper().readTree(codec.encode(sample));
    }

    @Test
    void unknownFieldsInEnvelopeAndPayloadAreIgnored() throws Exception {
        ObjectNode tree = sampleTree();
        tree.put("addedInSchema7", "whatever");
        ((ObjectNode) tree.get("payload")).putObject("futureDetail").put("x", 1);

        DecodeResult result = codec.decode(tree.toString());

        assertThat(result.isDecoded()).as("%s", result).isTrue();
        assertThat(result.envelope()).isEqualTo(sample);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "not json at all          | malformed JSON",
            "{\"eventId\":            | malformed JSON",
            "[1,2,3]                  | malformed JSON: expected an object",
            "'   '                    | malformed JSON: empty message",
            "{\"type\":42}            | invalid field \"type\"",
            "{\"type\":\"Nope\",\"payload\":{}} | unknown type \"Nope\"",
            "{\"type\":\"StreamSent\"} | invalid field \"payload\"",
    })
    void badInputGivesAReason(String json, String expectedReasonStart) {
        DecodeResult result = codec.decode(json);

        assertThat(result.isDecoded()).isFalse();
        assertThat(result.reason()).startsWith(expectedReasonStart);
        assertThatThrownBy(result::envelope).isInstanceOf(IllegalStateException.class).hasMessageContaining("not decoded");
    }

    @Test
    void aMissingPrimitiveFieldIsRefusedNotDefaulted() throws Exception {
        ObjectNode tree = sampleTree();
        ((ObjectNode) tree.get("payload")).remove("alreadyStored");

        assertThat(codec.decode(tree.toString()).reason()).startsWith("invalid field \"StreamSent.alreadyStored\"");
    }

    @Test
    void nullInputGivesAReason() {
        assertThat(codec.decode(null).reason()).startsWith("malformed JSON");
    }

    @Test
    void aConstraintViolationInThePayloadNamesTheField() throws Exception {
        ObjectNode tree = sampleTree();
        ((ObjectNode) tree.get("payload")).put("bytes", -5);

        assertThat(codec.decode(tree.toString()).reason())
                .isEqualTo("invalid field \"StreamSent.bytes\": must be >= 0, was -5");
    }

    @Test
    void aWrongJsonTypeInThePayloadNamesTheField() throws Exception {
        ObjectNode tree = sampleTree();
        ((ObjectNode) tree.get("payload")).put("bytes", "lots");

        assertThat(codec.decode(tree.toString()).reason()).startsWith("invalid field \"StreamSent.bytes\"");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "eventId       | not-a-uuid           | invalid field \"EventEnvelope.eventId\"",
            "occurredAt    | yesterday            | invalid field \"EventEnvelope.occurredAt\"",
            "host          | 'bad host'           | invalid field \"EventEnvelope.host\"",
            "backupSet     | ../etc               | invalid field \"EventEnvelope.backupSet\"",
            "runId         | 'has space'          | invalid field \"EventEnvelope.runId\"",
            "causationId   | 42x                  | invalid field \"EventEnvelope.causationId\"",
    })
    void aBadEnvelopeFieldIsNamed(String field, String value, String expectedReasonStart) throws Exception {
        ObjectNode tree = sampleTree();
        tree.put(field, value);

        assertThat(codec.decode(tree.toString()).reason()).startsWith(expectedReasonStart);
    }

    @Test
    void aNewerSchemaVersionIsRefusedWithAReason() throws Exception {
        ObjectNode tree = sampleTree();
        tree.put("schemaVersion", 2);

        assertThat(codec.decode(tree.toString()).reason())
                .isEqualTo("invalid field \"EventEnvelope.schemaVersion\": 2 is not supported (this build reads 1..1)");
    }

    @Test
    void aMissingSetOnASetScopedEventIsRefused() throws Exception {
        ObjectNode tree = sampleTree();
        tree.putNull("backupSet");

        assertThat(codec.decode(tree.toString()).reason())
                .isEqualTo("invalid field \"EventEnvelope.backupSet\": is required for StreamSent");
    }

    @Test
    void anAttackerControlledTypeIsEchoedBoundedAndPrintable() {
        String type = "X\u0007".repeat(100);
        String reason = codec.decode("{\"type\":\"" + type.replace("\u0007", "\\u0007") + "\",\"payload\":{}}").reason();

        assertThat(reason).startsWith("unknown type \"X?X?").hasSizeLessThan(120).doesNotContain("\u0007");
    }
}
