package org.btrfssendbackup.ops.web;

/** The login form; a failed login shows one message whatever was wrong, the name or the password. */
final class LoginPage {

    private LoginPage() {
    }

    static String render(String error) {
        String message = error == null ? "" : "<p class=\"error\" id=\"login-error\">" + Html.escape(error) + "</p>";
        return Layout.page("Log in", null, message + """
                <form method="post" action="/login">
                <p><label>User <input name="user" id="user" autocomplete="username" required></label></p>
                <p><label>Password <input type="password" name="password" id="password" autocomplete="current-password" \
                required></label></p>
                <p><button type="submit" id="login">Log in</button></p>
                </form>""");
    }
}
