package org.btrfssendbackup.ops.web;

/** The frame of every page: title, navigation, who is logged in and the logout form (a POST with the CSRF token). */
final class Layout {

    static final String STYLE = """
            body{font-family:sans-serif;margin:1.5em;color:#222}
            table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}
            nav a{margin-right:1em}.OK{background:#cfc}.STALE{background:#ffd27f}.FAILING,.CORRUPT{background:#f99}
            .error{color:#a00}form.inline{display:inline}header{display:flex;justify-content:space-between}
            """;

    private Layout() {
    }

    static String page(String title, WebSession session, String body) {
        String user = session == null ? "" : """
                <form class="inline" method="post" action="/logout">%s %s
                <input type="hidden" name="csrf" value="%s"><button type="submit" id="logout">Log out</button></form>"""
                .formatted(Html.escape(session.user()), Html.escape("(" + session.role().token() + ")"),
                        Html.escape(session.csrfToken()));
        String nav = session == null ? "" : """
                <nav><a href="/">Fleet</a><a href="/events">Live events</a><a href="/dead-letters">Dead letters</a>\
                <a href="/audit">Audit</a><a href="/metrics">Metrics</a></nav>""";
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s · btrfs-backup-web</title>
                <style>%s</style></head>
                <body><header><h1>%s</h1><div>%s</div></header>%s
                %s
                </body></html>
                """.formatted(Html.escape(title), STYLE, Html.escape(title), user, nav, body);
    }

    /** A form field with the session's CSRF token, for every state-changing form. */
    static String csrfField(WebSession session) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + Html.escape(session.csrfToken()) + "\">";
    }
}
