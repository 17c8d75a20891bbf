package org.btrfssendbackup.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** What the receiver writes, Jackson (what the producer and console read with) reads back. */
class FlatJsonTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void writesFieldsInOrderWithTheirTypes() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", "stored");
        fields.put("bytes", 715_613_443L);
        fields.put("protocol", 1);
        fields.put("read_only", true);
        fields.put("parent", null);
        fields.put("commands", List.of("version", "list"));
        fields.put("none", List.of());
        assertThat(FlatJson.object(fields)).isEqualTo("{\"status\":\"stored\",\"bytes\":715613443,\"protocol\":1,"
                + "\"read_only\":true,\"parent\":null,\"commands\":[\"version\",\"list\"],\"none\":[]}");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertThat(FlatJson.object(Map.of("e", "a\"b\\c\nd\te\u0001\u2028")))
                .isEqualTo("{\"e\":\"a\\\"b\\\\c\\nd\\te\\u0001\\u2028\"}");
    }

    @Property(tries = 500)
    void jacksonReadsBackAnyStrings(@ForAll String key, @ForAll String value, @ForAll List<String> list,
                                    @ForAll long number, @ForAll boolean flag) throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("value", value);
        fields.put("k" + key, list);
        fields.put("number", number);
        fields.put("flag", flag);
        Map<String, Object> read = JACKSON.readValue(FlatJson.object(fields),
                new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() { });
        assertThat(read.get("value")).isEqualTo(value);
        assertThat(read.get("k" + key)).isEqualTo(new ArrayList<>(list));
        assertThat(((Number) read.get("number")).longValue()).isEqualTo(number);
        assertThat(read.get("flag")).isEqualTo(flag);
        assertThat(read.keySet()).containsExactlyElementsOf(fields.keySet());
    }

    @Property(tries = 200)
    void jacksonReadsBackListsOfObjects(@ForAll String key, @ForAll String value, @ForAll long number)
            throws Exception {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("k" + key, value);
        item.put("n", number);
        item.put("none", null);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("items", List.of(item, Map.of()));
        fields.put("one", item);
        Map<String, Object> read = JACKSON.readValue(FlatJson.object(fields),
                new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() { });
        Map<String, Object> expected = new LinkedHashMap<>(item);
        expected.put("n", read.get("one") instanceof Map<?, ?> one ? one.get("n") : null);
        assertThat(read.get("one")).isEqualTo(expected);
        assertThat(((Number) ((Map<?, ?>) read.get("one")).get("n")).longValue()).isEqualTo(number);
        assertThat((List<?>) read.get("items")).hasSize(2).element(1).isEqualTo(Map.of());
    }

    @Test
    void refusesValuesThatAreNotFlat() {
        assertThatThrownBy(() -> FlatJson.object(Map.of("x", 1.5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Double");
        assertThatThrownBy(() -> FlatJson.object(Map.of("x", Arrays.asList(new Object())))).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> FlatJson.object(Map.of("x", Map.of(1, "one")))).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("key");
    }
}
