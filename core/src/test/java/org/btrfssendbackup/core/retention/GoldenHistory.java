package org.btrfssendbackup.core.retention;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.btrfssendbackup.core.chain.RestorePoint;

/**
 * A golden file: the input part (comments, policy, mode, protected names, points) and the
 * expected plan after the line {@value #PLAN_MARKER}.
 *
 * <pre>
 * # what the history shows
 * policy daily=2 weekly=1 monthly=1
 * mode streams            (or: snapshots)
 * protect NAME
 * damaged NAME WHY...    (a stored point that cannot serve as a link)
 * full NAME 2026-06-01T02:00:00Z
 * incr NAME 2026-06-02T02:00:00Z PARENT
 * snap NAME 2026-06-03T02:00:00Z
 * == plan
 * keep NAME REASON...
 * delete NAME
 * unrestorable NAME: CAUSE
 * </pre>
 */
record GoldenHistory(List<String> inputLines, RetentionPolicy policy, ChainMode mode,
                     Set<String> protectedNames, Map<String, String> damaged, List<RestorePoint> points,
                     List<String> expected) {

    static final String PLAN_MARKER = "== plan";

    static GoldenHistory parse(List<String> lines) {
        List<String> input = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        RetentionPolicy policy = null;
        ChainMode mode = ChainMode.STREAM_CHAINS;
        Set<String> protectedNames = new HashSet<>();
        Map<String, String> damaged = new HashMap<>();
        List<RestorePoint> points = new ArrayList<>();
        boolean inPlan = false;
        for (String line : lines) {
            if (inPlan) {
                if (!line.isBlank()) {
                    expected.add(line.strip());
                }
                continue;
            }
            if (line.strip().equals(PLAN_MARKER)) {
                inPlan = true;
                continue;
            }
            input.add(line);
            String[] f = line.strip().split("\\s+");
            if (line.isBlank() || f[0].startsWith("#")) {
                continue;
            }
            switch (f[0]) {
                case "policy" -> policy = new RetentionPolicy(count(f, "daily"), count(f, "weekly"),
                        count(f, "monthly"));
                case "mode" -> mode = f[1].equals("snapshots")
                        ? ChainMode.INDEPENDENT_SNAPSHOTS : ChainMode.STREAM_CHAINS;
                case "protect" -> protectedNames.add(f[1]);
                case "damaged" -> damaged.put(f[1], line.strip().substring(line.strip().indexOf(f[1]) + f[1].length())
                        .strip());
                case "full" -> points.add(RestorePoint.full(f[1], Instant.parse(f[2])));
                case "incr" -> points.add(RestorePoint.incremental(f[1], Instant.parse(f[2]), f[3]));
                case "snap" -> points.add(RestorePoint.snapshot(f[1], Instant.parse(f[2])));
                default -> throw new IllegalArgumentException("golden file: unknown line: " + line);
            }
        }
        if (policy == null) {
            throw new IllegalArgumentException("golden file: no policy line");
        }
        return new GoldenHistory(input, policy, mode, protectedNames, damaged, points, expected);
    }

    private static int count(String[] fields, String key) {
        for (String field : fields) {
            if (field.startsWith(key + "=")) {
                return Integer.parseInt(field.substring(key.length() + 1));
            }
        }
        throw new IllegalArgumentException("golden file: policy line lacks " + key + "=");
    }

    RetentionPlan plan() {
        return RetentionPlanner.plan(points, policy, protectedNames, mode, damaged);
    }

    List<String> rewritten(List<String> actual) {
        List<String> lines = new ArrayList<>(inputLines);
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        lines.add(PLAN_MARKER);
        lines.addAll(actual);
        return lines;
    }
}
