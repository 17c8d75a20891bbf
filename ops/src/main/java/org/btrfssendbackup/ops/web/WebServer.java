package org.btrfssendbackup.ops.web;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
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

import org.btrfssendbackup.core.config.WebConfig;
import org.btrfssendbackup.core.metrics.MetricsText;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.ops.console.BackupRequests;

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
