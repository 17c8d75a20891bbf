package org.btrfssendbackup.ops.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.btrfssendbackup.ops.console.RestorePointRow;
import org.btrfssendbackup.ops.console.PayloadSummary;

/**
 * One set's restore points in time order, full or incremental, each with the chain it belongs
 * to: a full stream starts a chain, an incremental one joins its parent's. A point whose parent
 * is not stored (or has no readable manifest, kind "?") is marked: it cannot be restored from
 * this store, and neither can the points built on it.
 */
final class SetPage {

    private SetPage() {
    }

    /** Chain number per snapshot (1, 2, ... by the full stream that starts it); 0 for a point without a stored root. */
    static Map<String, Integer> chains(List<RestorePointRow> rows) {
        Map<String, Integer> chain = new HashMap<>();
        int next = 0;
        for (RestorePointRow row : rows) {
            if (row.kind().equals("full")) {
                chain.put(row.snapshot(), ++next);
            } else if (row.kind().equals("incremental") && row.parent() != null) {
                chain.put(row.snapshot(), chain.getOrDefault(row.parent(), 0));
            } else {
                chain.put(row.snapshot(), 0);
            }
        }
        return chain;
    }

    static String render(String set, List<RestorePointRow> rows, String problem, WebSession session) {
        StringBuilder body = new StringBuilder();
        if (problem != null) {
            body.append("<p class=\"error\">").append(Html.escape(problem)).append("</p>");
        }
        if (rows.isEmpty()) {
            body.append("<p>No restore point of ").append(Html.escape(set)).append(" is stored here.</p>");
            return Layout.page("Set " + set, session, body.toString());
        }
        Map<String, Integer> chains = chains(rows);
        body.append("<table id=\"restore-points\"><tr><th>Time</th><th>Snapshot</th><th>Kind</th><th>Parent</th>"
                + "<th>Size</th><th>Chain</th></tr>\n");
        for (RestorePointRow row : rows) {
            int chain = chains.get(row.snapshot());
            body.append("<tr class=\"restore-point ").append(chain == 0 ? "CORRUPT" : "").append("\">")
                    .append(cell(row.time())).append(cell(row.snapshot())).append(cell(row.kind()))
                    .append(cell(row.parent())).append(cell(row.bytes() == null ? "" : PayloadSummary.bytes(row.bytes())))
                    .append(cell(chain == 0 ? "not restorable: no stored full stream below it (see verify)" : chain))
                    .append("</tr>\n");
        }
        return Layout.page("Set " + set, session, body.append("</table>").toString());
    }

    private static String cell(Object value) {
        return "<td>" + Html.escape(value) + "</td>";
    }
}
