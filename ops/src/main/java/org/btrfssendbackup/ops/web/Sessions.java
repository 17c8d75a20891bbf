package org.btrfssendbackup.ops.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions of this web console process, in memory: a restart logs everybody out, which is
 * the safe side. Ids and CSRF tokens are 32 random bytes each; a session unused for longer than
 * the timeout is gone at its next lookup.
 */
public final class Sessions {

    private final Map<String, WebSession> byId = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final Clock clock;
    private final SecureRandom random;

    public Sessions(Duration timeout, Clock clock, SecureRandom random) {
        this.timeout = timeout;
        this.clock = clock;
        this.random = random;
    }

    public WebSession open(WebUser user) {
        WebSession session = new WebSession(token(), user.name(), user.role(), token(), clock.instant());
        byId.put(session.id(), session);
        return session;
    }

    /** The live session with this id, marked as used now; empty for no id, an unknown one or an expired one. */
    public Optional<WebSession> lookup(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        WebSession found = byId.computeIfPresent(id, (key, session) ->
                expired(session, now) ? null : session.usedAt(now));
        return Optional.ofNullable(found);
    }

    public void close(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    public Duration timeout() {
        return timeout;
    }

    boolean expired(WebSession session, Instant now) {
        return session.lastUsed().plus(timeout).isBefore(now);
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
