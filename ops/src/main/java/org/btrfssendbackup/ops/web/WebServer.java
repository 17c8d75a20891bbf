package org.btrfssendbackup.ops.web;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.javalin.http.sse.SseClient;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import java.time.Instant;
import java.util.List;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.btrfssendbackup.broker.EventFilter;
import org.btrfssendbackup.core.config.WebConfig;
import org.btrfssendbackup.core.metrics.MetricsText;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.ops.console.BackupRequests;
import org.btrfssendbackup.ops.console.EventFormatter;
import org.btrfssendbackup.ops.console.TimeArguments;

/**
 * btrfs-backup-web's HTTP server (Javalin on Jetty): the guard in front of every request
 * ({@link RequestGuard}), the login and logout, and the pages. Plain HTTP on the configured
 * (loopback) address, or TLS from a PKCS12 keystore.
 */
public final class WebServer implements AutoCloseable {

    public static final String SESSION_COOKIE = "btrfs_backup_web_session";
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final String SESSION_ATTRIBUTE = "webSession";

    private final WebConfig config;
    private final Supplier<WebUsers> users;
    private final Sessions sessions;
    private final HubView hub;
    private Javalin app;

    /** @param users read at each login, so a user add-user wrote can log in without a restart */
    public WebServer(WebConfig config, Supplier<WebUsers> users, Sessions sessions, HubView hub) {
        this.config = config;
        this.users = users;
        this.sessions = sessions;
        this.hub = hub;
    }

    /** Starts listening; returns the port (the configured one, or the one picked for port 0). */
    public int start() {
        app = Javalin.create(this::configure).start();
        int port = app.port();
        LOG.info("btrfs-backup-web listening on {}://{}:{}", config.tls() ? "https" : "http", config.listenHost(), port);
        return port;
    }

    private void configure(JavalinConfig javalin) {
        javalin.startup.showJavalinBanner = false;
        if (config.tls()) {
            javalin.jetty.addConnector((server, http) -> tlsConnector(server, http));
        } else {
            javalin.jetty.host = config.listenHost();
            javalin.jetty.port = config.listenPort();
        }
        var routes = javalin.routes;
        routes.before(this::guard);
        routes.get(RequestGuard.LOGIN_PATH, ctx -> ctx.html(LoginPage.render(null)));
        routes.post(RequestGuard.LOGIN_PATH, this::login);
        routes.post(RequestGuard.LOGOUT_PATH, this::logout);
        routes.get(RequestGuard.METRICS_PATH, ctx -> ctx.contentType(MetricsText.CONTENT_TYPE)
                .result(MetricsText.text(hub.metrics())));
        routes.get("/", ctx -> ctx.html(FleetPage.render(hub.fleet(), session(ctx), null)));
        routes.post("/request", this::requestBackup);
        routes.get("/set", ctx -> {
            String set = ctx.queryParam("name");
            var view = hub.setView(set == null ? "" : set);
            var listing = view.listing();
            ctx.html(SetPage.render(set == null ? "" : set, view,
                    listing.problems().isEmpty() ? null : String.join("; ", listing.problems()), session(ctx)));
        });
        routes.get("/dead-letters", ctx -> ctx.html(DeadLettersPage.render(hub.deadLetters(), session(ctx), null)));
        routes.post("/dead-letters/retry", this::retry);
        routes.get("/dead-letters/purge", ctx -> ctx.html(DeadLettersPage.confirmPurge(hub.deadLetters().size(),
                session(ctx))));
        routes.post("/dead-letters/purge", this::purge);
        routes.get("/audit", this::audit);
        routes.get("/audit/export", this::export);
        routes.get("/events", ctx -> ctx.html(LivePage.render(session(ctx))));
        routes.sse("/events/stream", this::stream);
        routes.exception(RuntimeException.class, (e, ctx) -> {
            LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.toString());
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).html(Layout.page("Cannot read the hub", sessionOrNull(ctx),
                    "<p class=\"error\" id=\"failure\">" + Html.escape(ctx.method() + " " + ctx.path() + ": "
                            + e.getMessage()) + "</p>"));
        });
    }

    private ServerConnector tlsConnector(org.eclipse.jetty.server.Server server, HttpConfiguration http) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStoreType("PKCS12");
        tls.setKeyStorePath(config.tlsKeystore().orElseThrow().toString());
        tls.setKeyStorePassword(readPassword());
        HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost(config.listenHost());
        connector.setPort(config.listenPort());
        return connector;
    }

    private String readPassword() {
        try {
            return Files.readString(config.tlsPasswordFile().orElseThrow(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("web TLS: cannot read WEB_TLS_PASSWORD_FILE "
                    + config.tlsPasswordFile().orElseThrow() + ": " + e.getMessage(), e);
        }
    }

    private void guard(Context ctx) {
        Optional<WebSession> session = sessions.lookup(ctx.cookie(SESSION_COOKIE));
        session.ifPresent(s -> ctx.attribute(SESSION_ATTRIBUTE, s));
        String method = ctx.method().name();
        String csrf = null;
        if (!method.equals("GET") && !method.equals("HEAD")) {
            csrf = Optional.ofNullable(ctx.header("X-CSRF-Token")).orElseGet(() -> ctx.formParam("csrf"));
        }
        RequestGuard.Decision decision = RequestGuard.decide(method, ctx.path(), session.orElse(null), csrf);
        switch (decision) {
            case ALLOW -> {
            }
            case LOGIN -> {
                ctx.redirect(RequestGuard.LOGIN_PATH, HttpStatus.SEE_OTHER);
                ctx.skipRemainingHandlers();
            }
            default -> {
                LOG.warn("refused {} {} from {}: {}", method, ctx.path(), ctx.ip(), decision);
                ctx.status(HttpStatus.FORBIDDEN).html(Layout.page("Forbidden", session.orElse(null),
                        "<p class=\"error\" id=\"refused\">" + Html.escape(refusal(decision)) + "</p>"));
                ctx.skipRemainingHandlers();
            }
        }
    }

    static String refusal(RequestGuard.Decision decision) {
        return switch (decision) {
            case FORBIDDEN_CSRF -> "Refused: the request does not carry this session's CSRF token (reload the page).";
            case FORBIDDEN_ROLE -> "Refused: a viewer cannot change anything.";
            case FORBIDDEN_NO_SESSION -> "Refused: not logged in (or the session expired).";
            default -> "Refused.";
        };
    }

    private void login(Context ctx) {
        String name = ctx.formParam("user");
        String password = ctx.formParam("password");
        Optional<WebUser> user = password == null ? Optional.empty()
                : users.get().authenticate(name, password.toCharArray());
        if (user.isEmpty()) {
            LOG.warn("failed login as '{}' from {}", name, ctx.ip());
            ctx.status(HttpStatus.UNAUTHORIZED).html(LoginPage.render("Wrong user name or password."));
            return;
        }
        sessions.close(ctx.cookie(SESSION_COOKIE));
        WebSession session = sessions.open(user.get());
        LOG.info("{} ({}) logged in from {}", session.user(), session.role().token(), ctx.ip());
        ctx.cookie(sessionCookie(session.id(), -1));
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private void logout(Context ctx) {
        sessions.close(ctx.cookie(SESSION_COOKIE));
        ctx.cookie(sessionCookie("", 0));
        ctx.redirect(RequestGuard.LOGIN_PATH, HttpStatus.SEE_OTHER);
    }

    /** HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Secure under TLS. */
    Cookie sessionCookie(String value, int maxAge) {
        return new Cookie(SESSION_COOKIE, value, "/", maxAge, config.tls(), true, null, SameSite.STRICT);
    }

    private void requestBackup(Context ctx) throws Exception {
        WebSession session = session(ctx);
        EventEnvelope request;
        try {
            request = BackupRequests.request(hub.clock(), "ops-web", session.user() + "@web", ctx.formParam("host"),
                    ctx.formParam("set"), "on".equals(ctx.formParam("full")));
        } catch (IllegalArgumentException | NullPointerException e) {
            ctx.status(HttpStatus.BAD_REQUEST).html(Layout.page("Back up now", session,
                    "<p class=\"error\">" + Html.escape("not requested: " + e.getMessage()) + "</p>"));
            return;
        }
        BackupRequests.Published published = BackupRequests.publish(hub.client(), request);
        LOG.info("{} requested a backup of {} on {}: event {}", session.user(), request.backupSet(), request.host(),
                request.eventId());
        String notice = "Requested a backup of " + request.backupSet() + " on " + request.host() + ": event "
                + request.eventId() + " (queue " + published.queue() + ")"
                + (published.hostQueue() ? "" : "; the hub has no queue for this host, so only a producer connected "
                + "to it directly takes it");
        ctx.html(FleetPage.render(hub.fleet(), session, notice));
    }

    private void retry(Context ctx) {
        String id = ctx.formParam("id");
        if (id == null || !id.matches("[0-9]{1,18}")) {
            ctx.status(HttpStatus.BAD_REQUEST).html(DeadLettersPage.render(hub.deadLetters(), session(ctx),
                    "not retried: no dead letter id given"));
            return;
        }
        boolean retried = hub.retry(Long.parseLong(id));
        LOG.info("{} retried dead letter {}: {}", session(ctx).user(), id, retried);
        ctx.html(DeadLettersPage.render(hub.deadLetters(), session(ctx), retried
                ? "Sent dead letter " + id + " back to its original queue."
                : "Dead letter " + id + " was not retried (already retried or purged by someone else?)."));
    }

    private void purge(Context ctx) {
        if (!"yes".equals(ctx.formParam("confirm"))) {
            ctx.redirect("/dead-letters/purge", HttpStatus.SEE_OTHER);
            return;
        }
        long purged = hub.purge();
        LOG.info("{} purged {} dead letter(s)", session(ctx).user(), purged);
        ctx.html(DeadLettersPage.render(hub.deadLetters(), session(ctx), "Deleted " + purged + " dead letter(s)."));
    }

    private void audit(Context ctx) {
        AuditPage.Query query = query(ctx);
        EventFilter filter;
        try {
            filter = filter(query);
        } catch (IllegalArgumentException e) {
            ctx.status(HttpStatus.BAD_REQUEST).html(AuditPage.render(query, List.of(), e.getMessage(), session(ctx)));
            return;
        }
        ctx.html(AuditPage.render(query, hub.audit(filter), null, session(ctx)));
    }

    /** The filtered audit history as JSON lines, one event per line as {@code events list --json} writes it. */
    private void export(Context ctx) {
        EventFilter filter;
        try {
            filter = filter(query(ctx));
        } catch (IllegalArgumentException e) {
            ctx.status(HttpStatus.BAD_REQUEST).result(e.getMessage());
            return;
        }
        StringBuilder lines = new StringBuilder();
        hub.audit(filter).forEach(event -> lines.append(EventFormatter.json(event)).append('\n'));
        ctx.contentType("application/x-ndjson; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"btrfs-backup-audit.jsonl\"")
                .result(lines.toString());
    }

    private static AuditPage.Query query(Context ctx) {
        return new AuditPage.Query(ctx.queryParam("since"), ctx.queryParam("until"), ctx.queryParam("host"),
                ctx.queryParam("set"), ctx.queryParam("type"));
    }

    /** The console's time syntax (ISO time, date, now, or an age like 2h) and its window check. */
    private EventFilter filter(AuditPage.Query query) {
        Instant now = hub.clock().instant();
        Instant since = blank(query.since()) ? null : TimeArguments.instant(query.since().strip(), now, "since");
        Instant until = blank(query.until()) ? null : TimeArguments.instant(query.until().strip(), now, "until");
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("since " + since + " is not before until " + until);
        }
        return new EventFilter(since, until, blank(query.type()) ? null : query.type().strip(),
                blank(query.set()) ? null : query.set().strip(), blank(query.host()) ? null : query.host().strip());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** Server-Sent Events: every event the hub publishes, pushed to the page as it arrives. */
    private void stream(SseClient client) {
        Connection connection;
        try {
            connection = hub.follow(event -> client.sendEvent("backup-event", EventFormatter.json(event)));
        } catch (JMSException | RuntimeException e) {
            LOG.warn("live events: cannot follow the hub: {}", e.toString());
            client.sendEvent("hub-error", e.getMessage() == null ? e.toString() : e.getMessage());
            client.close();
            return;
        }
        client.onClose(() -> {
            try {
                connection.close();
            } catch (JMSException e) {
                LOG.debug("live events: closing the subscription: {}", e.toString());
            }
        });
        // an event, not a comment: the page says it is following only once the subscription exists
        // (EventSource's open comes with the headers, before it; events published between were lost)
        client.sendEvent("following", "subscribed to the hub's events");
        // last, once the subscription exists: the stream then stays open until the page goes away
        client.keepAlive();
    }

    static WebSession session(Context ctx) {
        return ctx.attribute(SESSION_ATTRIBUTE);
    }

    private static WebSession sessionOrNull(Context ctx) {
        return ctx.attribute(SESSION_ATTRIBUTE);
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
    }
}
