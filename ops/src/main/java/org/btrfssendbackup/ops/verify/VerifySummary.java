package org.btrfssendbackup.ops.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.btrfssendbackup.messages.JsonFormats;

/** How a verify report is shown: per set, lines for people or one JSON object for scripts. */
public final class VerifySummary {

    /** Made at the first --json: Jackson's set-up costs a cold JVM 0.1-0.2 s, and lines need none of it. */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonFormats.document();
    }

    private VerifySummary() {
    }

    public static List<String> lines(VerifyReport report) {
        List<String> lines = new ArrayList<>();
        report.rootFindings().forEach(f -> lines.add(finding(f)));
        for (SetReport set : report.sets()) {
            lines.add(String.format(Locale.ROOT, "%s: %s: %d stream files (%.1f MiB), %d checked, %d decoded",
                    set.set(), set.ok() ? "OK" : set.problems().size() + " PROBLEM(S)", set.streams(),
                    set.storedBytes() / 1048576.0, set.checkedStreams(), set.decodedStreams()));
            set.findings().forEach(f -> lines.add("  " + finding(f)));
        }
        long bad = report.sets().stream().filter(s -> !s.ok()).count();
        lines.add(report.ok() ? "all " + report.sets().size() + " set(s) OK"
                : "PROBLEMS found (" + bad + " of " + report.sets().size() + " set(s))");
        return lines;
    }

    public static String json(VerifyReport report) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", report.ok() ? "ok" : "problems");
        fields.put("backupRoot", report.backupRoot().toString());
        fields.put("findings", report.rootFindings().stream().map(VerifySummary::findingFields).toList());
        fields.put("sets", report.sets().stream().map(VerifySummary::setFields).toList());
        try {
            return Json.MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON of plain maps cannot fail", e);
        }
    }

    private static Map<String, Object> setFields(SetReport set) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("set", set.set().value());
        fields.put("ok", set.ok());
        fields.put("streams", set.streams());
        fields.put("checkedStreams", set.checkedStreams());
        fields.put("decodedStreams", set.decodedStreams());
        fields.put("storedBytes", set.storedBytes());
        fields.put("findings", set.findings().stream().map(VerifySummary::findingFields).toList());
        return fields;
    }

    private static Map<String, Object> findingFields(Finding f) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
        fields.put("file", f.file());
        fields.put("message", f.message());
        return fields;
    }

    private static String finding(Finding f) {
        return (f.isProblem() ? "problem  " : "note     ") + (f.file().isEmpty() ? "" : f.file() + ": ") + f.message();
    }
}
