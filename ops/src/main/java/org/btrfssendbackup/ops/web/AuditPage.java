package org.btrfssendbackup.ops.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.btrfssendbackup.ops.console.EventFormatter;
import org.btrfssendbackup.ops.console.EventLine;

/** The audit history with its filters (time range, host, set, type) and a link to the same selection as JSON lines. */
final class AuditPage {

    /** The filter fields as given (empty when not), shown back in the form and passed on to the export. */
    record Query(String since, String until, String host, String set, String type) {
        String queryString() {
            StringBuilder q = new StringBuilder();
            add(q, "since", since);
            add(q, "until", until);
            add(q, "host", host);
            add(q, "set", set);
            add(q, "type", type);
            return q.toString();
        }

        private static void add(StringBuilder q, String name, String value) {
            if (value != null && !value.isBlank()) {
                q.append(q.length() == 0 ? "?" : "&").append(name).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
    }

    private AuditPage() {
    }

    static String render(Query query, List<EventLine> events, String error, WebSession session) {
        StringBuilder body = new StringBuilder("<form method=\"get\" action=\"/audit\" id=\"audit-filter\">")
                .append(field("since", "Since (ISO time, date or age like 2h)", query.since()))
                .append(field("until", "Until", query.until()))
                .append(field("host", "Host", query.host()))
                .append(field("set", "Set", query.set()))
                .append(field("type", "Type", query.type()))
                .append("<button type=\"submit\">Filter</button></form>");
        if (error != null) {
            body.append("<p class=\"error\" id=\"filter-error\">").append(Html.escape(error)).append("</p>");
            return Layout.page("Audit history", session, body.toString());
        }
        body.append("<p>").append(events.size()).append(" event(s). <a id=\"export\" href=\"/audit/export")
                .append(Html.escape(query.queryString())).append("\">Export as JSON lines</a></p>")
                .append("<table id=\"audit\"><tr><th>Time</th><th>Type</th><th>Host</th><th>Set</th><th>Run</th>"
                        + "<th>Details</th></tr>\n");
        for (EventLine event : events) {
            body.append("<tr class=\"event\">").append(cell(event.time())).append(cell(event.type()))
                    .append(cell(event.host())).append(cell(event.backupSet())).append(cell(event.runId()))
                    .append(cell(EventFormatter.summary(event))).append("</tr>\n");
        }
        return Layout.page("Audit history", session, body.append("</table>").toString());
    }

    private static String field(String name, String label, String value) {
        return "<label>" + Html.escape(label) + " <input name=\"" + name + "\" id=\"filter-" + name + "\" value=\""
                + Html.escape(value) + "\"></label> ";
    }

    private static String cell(Object value) {
        return "<td>" + Html.escape(value) + "</td>";
    }
}
