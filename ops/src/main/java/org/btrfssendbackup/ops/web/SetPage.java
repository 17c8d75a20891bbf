package org.btrfssendbackup.ops.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.btrfssendbackup.core.retention.RetentionPolicy;
import org.btrfssendbackup.ops.console.PayloadSummary;
import org.btrfssendbackup.ops.console.RestorePointExplanation;
import org.btrfssendbackup.ops.console.RestorePointRow;

/**
 * One set's restore points in time order, full or incremental, each with the chain it belongs
 * to: a full stream starts a chain, an incremental one joins its parent's. A point whose parent
 * is not stored (or has no readable manifest, kind "?") is marked: it cannot be restored from
 * this store, and neither can the points built on it. With the explanations
 * ({@link RestorePointExplanation}, computed elsewhere; this page only renders them) it also says
 * why each point is kept, which stored streams are damaged and what each takes down.
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
        return render(set, new HubView.SetView(new org.btrfssendbackup.ops.console.StoredRestorePoints.Listing(rows,
                List.of()), Map.of(), Optional.empty()), problem, session);
    }

    static String render(String set, HubView.SetView view, String problem, WebSession session) {
        List<RestorePointRow> rows = view.listing().rows();
        Map<String, RestorePointExplanation> explained = view.explanations();
        StringBuilder body = new StringBuilder();
        if (problem != null) {
            body.append("<p class=\"error\">").append(Html.escape(problem)).append("</p>");
        }
        if (rows.isEmpty()) {
            body.append("<p>No restore point of ").append(Html.escape(set)).append(" is stored here.</p>");
            return Layout.page("Set " + set, session, body.toString());
        }
        Map<String, Integer> chains = chains(rows);
        body.append("<p id=\"policy\">").append(Html.escape(policyLine(view.policy()))).append("</p>\n");
        timeline(rows, chains, explained, body);
        damaged(explained, body);
        chainList(rows, chains, explained, body);
        body.append("<table id=\"restore-points\"><tr><th>Time</th><th>Snapshot</th><th>Kind</th><th>Parent</th>"
                + "<th>Size</th><th>Chain</th><th>Kept because</th></tr>\n");
        for (RestorePointRow row : rows) {
            int chain = chains.get(row.snapshot());
            RestorePointExplanation why = explained.get(row.snapshot());
            String broken = why != null ? why.unrestorable()
                    : chain == 0 ? "no stored full stream below it (see verify)" : null;
            body.append("<tr class=\"restore-point ").append(broken != null ? "CORRUPT" : "").append("\">")
                    .append(cell(row.time())).append(cell(row.snapshot())).append(cell(row.kind()))
                    .append(cell(row.parent())).append(cell(row.bytes() == null ? "" : PayloadSummary.bytes(row.bytes())))
                    .append(cell(broken != null ? "not restorable: " + broken : chain == 0 ? "?" : chain))
                    .append("<td class=\"kept-because\">")
                    .append(Html.escape(why == null ? "" : String.join("; ", why.becauseWords())))
                    .append("</td></tr>\n");
        }
        return Layout.page("Set " + set, session, body.append("</table>").toString());
    }

    static String policyLine(Optional<RetentionPolicy> policy) {
        return policy.map(p -> "Kept because: the pruner's plan now, with backup-srv's KEEP_DAILY=" + p.keepDaily()
                        + " KEEP_WEEKLY=" + p.keepWeekly() + " KEEP_MONTHLY=" + p.keepMonthly()
                        + " and the recorded integrity checks (as btrfs-backup-prune --dry-run).")
                .orElse("Why each point is kept is not shown: backup-srv's config file (KEEP_*) is not on this host.");
    }

    /** The points left to right, oldest first: F a full, i an incremental; a point that does not restore is red. */
    private static void timeline(List<RestorePointRow> rows, Map<String, Integer> chains,
                                 Map<String, RestorePointExplanation> explained, StringBuilder body) {
        body.append("<p id=\"timeline\">");
        for (RestorePointRow row : rows) {
            RestorePointExplanation why = explained.get(row.snapshot());
            boolean broken = why != null ? why.unrestorable() != null : chains.get(row.snapshot()) == 0;
            body.append("<span class=\"point ").append(row.kind().equals("full") ? "full" : "incremental")
                    .append(broken ? " CORRUPT" : "").append("\" title=\"")
                    .append(Html.escape(row.time() + " " + row.snapshot())).append("\">")
                    .append(row.kind().equals("full") ? "F" : "i").append("</span> ");
        }
        body.append("</p>\n");
    }

    private static void damaged(Map<String, RestorePointExplanation> explained, StringBuilder body) {
        List<RestorePointExplanation> damaged = explained.values().stream().filter(e -> e.damaged() != null).toList();
        if (damaged.isEmpty()) {
            return;
        }
        body.append("<h2>Damaged</h2><ul id=\"damaged\">\n");
        for (RestorePointExplanation point : damaged) {
            body.append("<li class=\"CORRUPT\">").append(Html.escape(point.snapshot() + ": " + point.damaged()))
                    .append(Html.escape(point.takesDown().isEmpty() ? "; it takes down no other point"
                            : "; it takes down " + point.takesDown().size() + " later point(s): "
                            + String.join(", ", point.takesDown())))
                    .append("</li>\n");
        }
        body.append("</ul>\n");
    }

    /** One line per chain: its full, how many incrementals, its newest point, and whether it restores. */
    private static void chainList(List<RestorePointRow> rows, Map<String, Integer> chains,
                                  Map<String, RestorePointExplanation> explained, StringBuilder body) {
        Map<Integer, List<RestorePointRow>> byChain = new LinkedHashMap<>();
        for (RestorePointRow row : rows) {
            byChain.computeIfAbsent(chains.get(row.snapshot()), k -> new ArrayList<>()).add(row);
        }
        body.append("<h2>Chains</h2><ul id=\"chains\">\n");
        byChain.forEach((chain, members) -> {
            long broken = members.stream().filter(r -> {
                RestorePointExplanation why = explained.get(r.snapshot());
                return why != null ? why.unrestorable() != null : chain == 0;
            }).count();
            body.append("<li class=\"chain").append(broken > 0 ? " CORRUPT" : "").append("\">")
                    .append(Html.escape(chain == 0 ? "without a stored full: " + members.size() + " point(s)"
                            : "chain " + chain + ": full " + members.get(0).snapshot() + ", " + (members.size() - 1)
                            + " incremental(s), newest " + members.get(members.size() - 1).snapshot()))
                    .append(Html.escape(broken == 0 ? "; every point restores"
                            : "; " + broken + " point(s) do not restore"))
                    .append("</li>\n");
        });
        body.append("</ul>\n");
    }

    private static String cell(Object value) {
        return "<td>" + Html.escape(value) + "</td>";
    }
}
