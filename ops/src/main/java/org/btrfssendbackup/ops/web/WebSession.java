package org.btrfssendbackup.ops.web;

import java.time.Instant;
import java.util.Objects;

/**
 * A logged-in browser: who, with which role, the CSRF token its forms carry, and when it was
 * last used (a session expires WEB_SESSION_TIMEOUT after that).
 */
public record WebSession(String id, String user, Role role, String csrfToken, Instant lastUsed) {

    public WebSession {
        Objects.requireNonNull(id, "web session: id");
        Objects.requireNonNull(user, "web session: user");
        Objects.requireNonNull(role, "web session " + user + ": role");
        Objects.requireNonNull(csrfToken, "web session " + user + ": csrf token");
        Objects.requireNonNull(lastUsed, "web session " + user + ": last used");
    }

    WebSession usedAt(Instant now) {
        return new WebSession(id, user, role, csrfToken, now);
    }
}
