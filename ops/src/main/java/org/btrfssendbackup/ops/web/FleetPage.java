package org.btrfssendbackup.ops.web;

import java.time.Duration;

import org.btrfssendbackup.core.metrics.SetMetrics;
import org.btrfssendbackup.ops.console.PayloadSummary;
import org.btrfssendbackup.ops.console.SetStatus;
import org.btrfssendbackup.ops.console.TimeArguments;

/** The fleet at a glance: one row per host and set with its verdict, last good backup and last run. */
final class FleetPage {

    private FleetPage() {
    }

    static String render(Fleet fleet, WebSession session, String notice) {
        StringBuilder body = new StringBuilder();
        if (notice != null) {
            body.append("<p id=\"notice\">").append(Html.escape(notice)).append("</p>");
        }
        if (fleet.store() != null) {
            body.append("<p id=\"store\">").append(Html.escape(fleet.store().line())).append("</p>");
        } else if (fleet.storeProblem() != null) {
            body.append("<p class=\"error\" id=\"store\">").append(Html.escape(fleet.storeProblem())).append("</p>");
        }
        body.append("<p id=\"dead-letters\">").append(fleet.deadLetters()).append(" dead letter(s) waiting</p>");
        if (fleet.statuses().isEmpty()) {
            body.append("<p>No backup set has any event in the audit log yet.</p>");
            return Layout.page("Fleet", session, body.toString());
        }
        body.append("""
                <table id="fleet"><tr><th>Host</th><th>Set</th><th>Verdict</th><th>Last good backup</th><th>Size</th>\
                <th>Duration</th><th>Rate</th><th>Restore points</th><th>Why</th><th></th></tr>
                """);
        for (SetStatus status : fleet.statuses()) {
            SetMetrics metrics = fleet.metricsOf(status.backupSet());
            String host = metrics == null ? "" : metrics.host();
            Long bytes = metrics == null ? null : metrics.lastRunBytes();
            Duration duration = metrics == null ? null : metrics.lastRunDuration();
            Integer points = fleet.restorePoints(status.backupSet());
            body.append("<tr class=\"set\" data-host=\"").append(Html.escape(host)).append("\" data-set=\"")
                    .append(Html.escape(status.backupSet())).append("\">")
                    .append(cell(host))
                    .append("<td><a href=\"/set?name=").append(Html.escape(java.net.URLEncoder.encode(status.backupSet(),
                            java.nio.charset.StandardCharsets.UTF_8))).append("\">").append(Html.escape(status.backupSet()))
                    .append("</a></td>")
                    .append("<td class=\"").append(status.verdict().name()).append(" verdict\">")
                    .append(status.verdict().name()).append("</td>")
                    .append(cell(status.age() == null ? "never" : TimeArguments.age(status.age()) + " ago"))
                    .append(cell(bytes == null ? "" : PayloadSummary.bytes(bytes)))
                    .append(cell(duration == null ? "" : TimeArguments.age(duration)))
                    .append(cell(rate(bytes, duration)))
                    .append(cell(points == null ? (status.keptAtLastPrune() == null ? "" : status.keptAtLastPrune()
                            + " (kept at last prune)") : points))
                    .append(cell(status.explanation()))
                    .append("<td>").append(backUpNow(session, host, status.backupSet())).append("</td></tr>\n");
        }
        body.append("</table>");
        return Layout.page("Fleet", session, body.toString());
    }

    /** "12.0 MiB/s"; empty when the size or duration is unknown or the run took no measurable time. */
    static String rate(Long bytes, Duration duration) {
        if (bytes == null || duration == null || duration.toMillis() <= 0) {
            return "";
        }
        return PayloadSummary.bytes(Math.round(bytes * 1000.0 / duration.toMillis())) + "/s";
    }

    private static String backUpNow(WebSession session, String host, String set) {
        if (!session.role().mayChange() || host.isEmpty()) {
            return "";
        }
        return "<form class=\"inline\" method=\"post\" action=\"/request\">" + Layout.csrfField(session)
                + "<input type=\"hidden\" name=\"host\" value=\"" + Html.escape(host) + "\">"
                + "<input type=\"hidden\" name=\"set\" value=\"" + Html.escape(set) + "\">"
                + "<button type=\"submit\" class=\"backup-now\">Back up now</button></form>";
    }

    private static String cell(Object value) {
        return "<td>" + Html.escape(value) + "</td>";
    }
}
