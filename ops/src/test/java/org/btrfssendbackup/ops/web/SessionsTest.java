package org.btrfssendbackup.ops.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SessionsTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final Sessions sessions = new Sessions(Duration.ofMinutes(30), clock, new SecureRandom());
    private final WebUser alice = new WebUser("alice", Role.VIEWER,
            PasswordHash.create("pw".toCharArray(), 1, new SecureRandom()));

    @Test
    void aSessionLastsWhileUsedAndExpiresAfterTheTimeoutWithoutUse() {
        WebSession session = sessions.open(alice);
        now.set(now.get().plus(Duration.ofMinutes(29)));
        assertThat(sessions.lookup(session.id())).get().extracting(WebSession::user).isEqualTo("alice");
        now.set(now.get().plus(Duration.ofMinutes(29)));
        assertThat(sessions.lookup(session.id())).as("used 29 min ago").isPresent();
        now.set(now.get().plus(Duration.ofMinutes(31)));
        assertThat(sessions.lookup(session.id())).as("unused for 31 min").isEmpty();
        now.set(now.get().minus(Duration.ofMinutes(31)));
        assertThat(sessions.lookup(session.id())).as("an expired session stays gone").isEmpty();
    }

    @Test
    void idsAndCsrfTokensAreRandomAndDistinct() {
        WebSession a = sessions.open(alice);
        WebSession b = sessions.open(alice);
        assertThat(a.id()).isNotEqualTo(b.id()).isNotEqualTo(a.csrfToken()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(a.csrfToken()).isNotEqualTo(b.csrfToken());
    }

    @Test
    void unknownOrClosedSessionsAreNotFound() {
        WebSession session = sessions.open(alice);
        assertThat(sessions.lookup(null)).isEmpty();
        assertThat(sessions.lookup("made-up")).isEmpty();
        sessions.close(session.id());
        assertThat(sessions.lookup(session.id())).isEmpty();
    }
}
