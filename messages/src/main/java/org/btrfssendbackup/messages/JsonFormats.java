package org.btrfssendbackup.messages;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON formats other than events ({@link EventJson}), one configured mapper each, named for
 * the format, so no class builds a mapper of its own:
 * <ul>
 * <li>{@link #line()}: one JSON value per line, written or read as a tree. Every command's
 *     {@code --json} result (backup run, config check, prune, scrub), and what the programs read
 *     line by line: the receiver's replies, Artemis management replies. Jackson's defaults:
 *     field order as inserted, so scripts see a stable shape.</li>
 * <li>{@link #document()}: the same, indented, for the multi-line {@code --json} documents of
 *     verify and restore.</li>
 * </ul>
 * Both are thread-safe once built; do not reconfigure them.
 */
public final class JsonFormats {

    private static final ObjectMapper LINE = JsonMapper.builder().build();
    private static final ObjectMapper DOCUMENT = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private JsonFormats() {
    }

    public static ObjectMapper line() {
        return LINE;
    }

    public static ObjectMapper document() {
        return DOCUMENT;
    }
}
