package org.btrfssendbackup.ops.web;

import java.util.List;

import org.btrfssendbackup.broker.DeadLetter;
import org.btrfssendbackup.ops.console.DeadLetterView;

/** The dead letters with the reason each failed (as {@code dlq list}), retry per letter, and purge behind a confirmation. */
final class DeadLettersPage {

    private DeadLettersPage() {
    }

    static String render(List<DeadLetterView> views, WebSession session, String notice) {
        StringBuilder body = new StringBuilder();
        if (notice != null) {
            body.append("<p id=\"notice\">").append(Html.escape(notice)).append("</p>");
        }
        if (views.isEmpty()) {
            body.append("<p id=\"no-dead-letters\">The dead-letter queue is empty.</p>");
            return Layout.page("Dead letters", session, body.toString());
        }
        body.append("<table id=\"dead-letters\"><tr><th>Id</th><th>Type</th><th>Host</th><th>Set</th><th>Queue</th>"
                + "<th>Deliveries</th><th>Time</th><th>Last failure</th><th></th></tr>\n");
        for (DeadLetterView view : views) {
            DeadLetter letter = view.letter();
            body.append("<tr class=\"dead-letter\" data-id=\"").append(letter.messageId()).append("\">")
                    .append(cell(letter.messageId())).append(cell(letter.type())).append(cell(letter.host()))
                    .append(cell(letter.backupSet())).append(cell(letter.originalQueue()))
                    .append(cell(letter.deliveryCount())).append(cell(letter.timestamp()))
                    .append(cell(view.lastFailure())).append("<td>");
            if (session.role().mayChange()) {
                body.append("<form class=\"inline\" method=\"post\" action=\"/dead-letters/retry\">")
                        .append(Layout.csrfField(session))
                        .append("<input type=\"hidden\" name=\"id\" value=\"").append(letter.messageId()).append("\">")
                        .append("<button type=\"submit\" class=\"retry\">Retry</button></form>");
            }
            body.append("</td></tr>\n");
        }
        body.append("</table>");
        if (session.role().mayChange()) {
            body.append("<p><a id=\"purge\" href=\"/dead-letters/purge\">Purge all…</a></p>");
        }
        return Layout.page("Dead letters", session, body.toString());
    }

    /** The confirmation step: purging deletes for good, so it takes a second, explicit POST. */
    static String confirmPurge(long waiting, WebSession session) {
        return Layout.page("Purge dead letters", session, "<p>Delete all " + waiting
                + " dead letter(s) for good? Their events are not sent again.</p>"
                + "<form method=\"post\" action=\"/dead-letters/purge\">" + Layout.csrfField(session)
                + "<input type=\"hidden\" name=\"confirm\" value=\"yes\">"
                + "<button type=\"submit\" id=\"confirm-purge\">Delete them</button> <a href=\"/dead-letters\">Cancel</a></form>");
    }

    private static String cell(Object value) {
        return "<td>" + Html.escape(value) + "</td>";
    }
}
