package org.btrfssendbackup.ops.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.btrfssendbackup.ops.web.RequestGuard.Decision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestGuardTest {

    private static final String TOKEN = "the-sessions-token";

    /** session: none, operator or viewer; csrf: none, right or wrong. */
    @ParameterizedTest(name = "{0} {1} as {2} with {3} csrf: {4}")
    @CsvSource({
            "GET,  /login,        none,     none,  ALLOW",
            "POST, /login,        none,     none,  ALLOW",
            "GET,  /metrics,      none,     none,  ALLOW",
            "GET,  /,             none,     none,  LOGIN",
            "GET,  /dead-letters, none,     none,  LOGIN",
            "POST, /request,      none,     right, FORBIDDEN_NO_SESSION",
            "POST, /logout,       none,     none,  FORBIDDEN_NO_SESSION",
            "GET,  /,             viewer,   none,  ALLOW",
            "HEAD, /,             viewer,   none,  ALLOW",
            "GET,  /,             operator, none,  ALLOW",
            "POST, /request,      operator, right, ALLOW",
            "POST, /request,      operator, none,  FORBIDDEN_CSRF",
            "POST, /request,      operator, wrong, FORBIDDEN_CSRF",
            "DELETE, /dead-letters, operator, wrong, FORBIDDEN_CSRF",
            "POST, /request,      viewer,   right, FORBIDDEN_ROLE",
            "POST, /dead-letters/retry, viewer, right, FORBIDDEN_ROLE",
            "POST, /request,      viewer,   none,  FORBIDDEN_CSRF",
            "POST, /logout,       viewer,   right, ALLOW",
            "POST, /logout,       viewer,   wrong, FORBIDDEN_CSRF",
            "POST, /logout,       operator, right, ALLOW",
    })
    void decides(String method, String path, String who, String csrf, Decision expected) {
        WebSession session = who.equals("none") ? null
                : new WebSession("id", who, Role.of(who), TOKEN, Instant.EPOCH);
        String submitted = switch (csrf) {
            case "right" -> TOKEN;
            case "wrong" -> TOKEN + "x";
            default -> null;
        };
        assertThat(RequestGuard.decide(method, path, session, submitted)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(value = {"abc,abc,true", "abc,abd,false", "abc,ab,false", "abc,abcd,false", "abc,'',false", "abc,NULL,false"},
            nullValues = "NULL")
    void csrfTokensMatchOnlyWhenEqual(String expected, String submitted, boolean matches) {
        assertThat(RequestGuard.csrfMatches(expected, submitted)).isEqualTo(matches);
    }
}
