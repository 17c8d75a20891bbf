package org.btrfssendbackup.ops.cli;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.btrfssendbackup.messages.EventJson;

/** What one in-process console run produced. */
record ConsoleResult(int exitCode, String out, String err) {

    /** The whole stdout as one JSON document, parsed with the project's mapper. */
    JsonNode json() {
        try {
            return EventJson.mapper().readTree(out);
        } catch (Exception e) {
            throw new AssertionError("stdout is not one JSON document: " + out + "\nstderr: " + err, e);
        }
    }

    /** Stdout as JSON lines. */
    List<JsonNode> jsonLines() {
        return out.lines().filter(line -> !line.isBlank()).map(line -> {
            try {
                return EventJson.mapper().readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }).toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
