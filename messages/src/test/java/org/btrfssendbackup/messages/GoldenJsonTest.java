package org.btrfssendbackup.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.btrfssendbackup.messages.event.EventTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wire format of every event type, pinned in src/test/resources/golden/TYPE.json so that
 * any change is a visible diff in review. Run with -Dgolden.update=true to rewrite them after
 * an intended change.
 */
class GoldenJsonTest {

    private static final Path GOLDEN_DIR = Path.of("src", "test", "resources", "golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    private final EventCodec codec = new EventCodec();

    static Stream<EventEnvelope> samples() {
        return EventSamples.all().stream();
    }

    @Test
    void everyEventTypeHasExactlyOneSample() {
        assertThat(EventSamples.all().stream().map(EventEnvelope::type).collect(Collectors.toList()))
                .containsExactlyInAnyOrderElementsOf(EventTypes.names());
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("samples")
    void encodingMatchesGoldenFile(EventEnvelope sample) throws IOException {
        Path golden = GOLDEN_DIR.resolve(sample.type() + ".json");
        String encoded = codec.encodePretty(sample);
        if (UPDATE) {
            Files.createDirectories(GOLDEN_DIR);
            Files.writeString(golden, encoded, StandardCharsets.UTF_8);
        }
        assertThat(golden).as("golden file (create it with -Dgolden.update=true)").exists();
        assertThat(encoded).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("samples")
    void goldenFileDecodesToTheSample(EventEnvelope sample) throws IOException {
        String json = Files.readString(GOLDEN_DIR.resolve(sample.type() + ".json"), StandardCharsets.UTF_8);
        DecodeResult result = codec.decode(json);
        assertThat(result.isDecoded()).as("decoded: %s", result).isTrue();
        assertThat(result.envelope()).isEqualTo(sample);
    }

    @Test
    void compactEncodingDecodesToTheSameEnvelope() {
        for (EventEnvelope sample : EventSamples.all()) {
            assertThat(codec.decode(codec.encode(sample)).envelope()).isEqualTo(sample);
        }
    }
}
