package org.btrfssendbackup.ops.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.btrfssendbackup.messages.JsonFormats;

/** How a restore's outcome is shown: lines for people, one JSON object for scripts. */
public final class RestoreSummary {

    /**
     * Made on first use, not when the class loads: Jackson's set-up costs a cold console about
     * 0.2-0.5 s, which a restore printing lines (not --json) need not pay.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonFormats.document();
    }

    private RestoreSummary() {
    }

    /** One line per link, then the restored snapshot's path (the last line, for `tail -1`). */
    public static List<String> lines(RestoreResult result) {
        List<String> lines = new java.util.ArrayList<>();
        for (LinkOutcome link : result.links()) {
            lines.add(link.status() == LinkOutcome.Status.RECEIVED
                    ? String.format(Locale.ROOT, "received  %s  (%.1f MiB stored, %.1f MiB stream, %.1f s)", link.subvolume(),
                            link.storedBytes() / 1048576.0, link.streamBytes() / 1048576.0, link.elapsed().toMillis() / 1000.0)
                    : "present   " + link.subvolume());
        }
        lines.add(result.restoredPath().toString());
        return lines;
    }

    public static String json(RestoreResult result) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", "restored");
        fields.put("set", result.set().value());
        fields.put("snapshot", result.snapshot());
        fields.put("path", result.restoredPath().toString());
        fields.put("received", result.receivedCount());
        fields.put("links", result.links().stream().map(RestoreSummary::link).toList());
        fields.put("warnings", result.warnings());
        return write(fields);
    }

    public static String failureJson(String error) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", "failed");
        fields.put("error", error);
        return write(fields);
    }

    private static Map<String, Object> link(LinkOutcome link) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("snapshot", link.snapshot());
        fields.put("file", link.file());
        fields.put("status", link.status() == LinkOutcome.Status.RECEIVED ? "received" : "already-present");
        fields.put("path", link.subvolume().toString());
        fields.put("storedBytes", link.storedBytes());
        fields.put("streamBytes", link.streamBytes());
        fields.put("seconds", link.elapsed().toMillis() / 1000.0);
        return fields;
    }

    private static String write(Map<String, Object> fields) {
        try {
            return Json.MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON of plain maps cannot fail", e);
        }
    }
}
