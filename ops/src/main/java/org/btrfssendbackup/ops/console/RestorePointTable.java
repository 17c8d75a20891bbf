package org.btrfssendbackup.ops.console;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** {@code list}'s human output: one aligned row per stored stream under a header. Pure. */
public final class RestorePointTable {

    static final List<String> HEADER = List.of("HOST", "SET", "SNAPSHOT", "KIND", "PARENT", "SIZE", "TIME");

    private RestorePointTable() {
    }

    public static List<String> lines(List<RestorePointRow> rows) {
        return lines(rows, null);
    }

    /**
     * As {@link #lines(List)}, with a last column KEPT BECAUSE ({@code list --why}).
     *
     * @param keptBecause the column's text per row; null for no such column
     */
    public static List<String> lines(List<RestorePointRow> rows, Function<RestorePointRow, String> keptBecause) {
        List<List<String>> cells = new ArrayList<>();
        List<String> header = new ArrayList<>(HEADER);
        if (keptBecause != null) {
            header.add("KEPT BECAUSE");
        }
        cells.add(header);
        for (RestorePointRow row : rows) {
            List<String> line = new ArrayList<>(List.of(row.host(), row.set(), row.snapshot(), row.kind(),
                    row.parent() == null ? "-" : row.parent(),
                    row.bytes() == null ? "?" : PayloadSummary.bytes(row.bytes()), row.time().toString()));
            if (keptBecause != null) {
                line.add(keptBecause.apply(row));
            }
            cells.add(line);
        }
        int[] widths = new int[header.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> line : cells) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = line.get(i);
                boolean last = i == widths.length - 1;
                // SIZE is right-aligned so that magnitudes line up.
                text.append(i == 5 ? " ".repeat(widths[i] - cell.length()) + cell
                        : last ? cell : cell + " ".repeat(widths[i] - cell.length()));
                if (!last) {
                    text.append("  ");
                }
            }
            lines.add(text.toString());
        }
        return lines;
    }
}
