package org.btrfssendbackup.ops.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Who may make which request, decided before any page runs. Pure, so the rules are table-tested:
 * <ul>
 *   <li>the login page and /metrics (for Prometheus, which has no session) are open;</li>
 *   <li>without a live session a GET goes to the login page and anything else is forbidden;</li>
 *   <li>a GET (or HEAD) only reads, and every logged-in user may;</li>
 *   <li>anything else changes state: it must carry the session's CSRF token, and only an operator may
 *       send it, except logging out, which a viewer may do too.</li>
 * </ul>
 */
public final class RequestGuard {

    public enum Decision { ALLOW, LOGIN, FORBIDDEN_CSRF, FORBIDDEN_ROLE, FORBIDDEN_NO_SESSION }

    public static final String LOGIN_PATH = "/login";
    public static final String LOGOUT_PATH = "/logout";
    public static final String METRICS_PATH = "/metrics";
    private static final Set<String> OPEN = Set.of(LOGIN_PATH, METRICS_PATH);
    private static final Set<String> READING = Set.of("GET", "HEAD");

    private RequestGuard() {
    }

    /**
     * @param session       the request's live session, or null
     * @param submittedCsrf the CSRF token the request carries (form field or header), or null
     */
    public static Decision decide(String method, String path, WebSession session, String submittedCsrf) {
        if (OPEN.contains(path)) {
            return Decision.ALLOW;
        }
        boolean reading = READING.contains(method);
        if (session == null) {
            return reading ? Decision.LOGIN : Decision.FORBIDDEN_NO_SESSION;
        }
        if (reading) {
            return Decision.ALLOW;
        }
        if (!csrfMatches(session.csrfToken(), submittedCsrf)) {
            return Decision.FORBIDDEN_CSRF;
        }
        if (!session.role().mayChange() && !path.equals(LOGOUT_PATH)) {
            return Decision.FORBIDDEN_ROLE;
        }
        return Decision.ALLOW;
    }

    /** Constant-time comparison, so the response time does not reveal how much of a guess was right. */
    static boolean csrfMatches(String expected, String submitted) {
        return submitted != null && !submitted.isEmpty() && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8));
    }
}
