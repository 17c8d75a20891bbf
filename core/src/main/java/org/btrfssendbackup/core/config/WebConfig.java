package org.btrfssendbackup.core.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web console's settings (btrfs-backup-web, issue 17), from its shell-style config file
 * (default /etc/btrfs-send-backup/web.conf; a missing file means every default). Every key is
 * optional: the defaults listen on loopback without TLS, which only this host can reach.
 *
 * @param listenHost     WEB_LISTEN's host (default 127.0.0.1)
 * @param listenPort     WEB_LISTEN's port (default {@value #DEFAULT_PORT}; 0 picks a free one, for tests)
 * @param tlsKeystore    WEB_TLS_KEYSTORE, a PKCS12 keystore with the server's key and certificate; empty: plain HTTP
 * @param tlsPasswordFile WEB_TLS_PASSWORD_FILE, the keystore's password (a file, so it is in no argv or environment)
 * @param sessionTimeout WEB_SESSION_TIMEOUT, how long a login lasts without a request (default 30m)
 * @param usersFile      WEB_USERS_FILE, the users with their salted password hashes and roles
 * @param maxAge         WEB_MAX_AGE, the oldest acceptable last success for the OK verdict (default 26h, as status)
 */
public record WebConfig(String listenHost, int listenPort, Optional<Path> tlsKeystore, Optional<Path> tlsPasswordFile,
                        Duration sessionTimeout, Path usersFile, Duration maxAge, Map<String, String> origins) {

    public static final Path DEFAULT_FILE = Path.of("/etc/btrfs-send-backup/web.conf");
    public static final Path DEFAULT_USERS_FILE = Path.of("/etc/btrfs-send-backup/web-users");
    public static final int DEFAULT_PORT = 8087;
    static final List<String> KEYS = List.of("WEB_LISTEN", "WEB_TLS_KEYSTORE", "WEB_TLS_PASSWORD_FILE",
            "WEB_SESSION_TIMEOUT", "WEB_USERS_FILE", "WEB_MAX_AGE");
    private static final Pattern LISTEN = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):([0-9]{1,5})");

    public WebConfig {
        Objects.requireNonNull(listenHost, "web config: listenHost");
        Objects.requireNonNull(tlsKeystore, "web config: tlsKeystore");
        Objects.requireNonNull(tlsPasswordFile, "web config: tlsPasswordFile");
        Objects.requireNonNull(sessionTimeout, "web config: sessionTimeout");
        Objects.requireNonNull(usersFile, "web config: usersFile");
        Objects.requireNonNull(maxAge, "web config: maxAge");
        origins = Map.copyOf(origins);
    }

    /**
     * The file's settings, or the defaults when it does not exist.
     *
     * @param loopbackHost whether a host is reachable from this host only (the broker's own test, passed in
     *                     because core does not depend on the broker module)
     */
    public static WebConfig load(Path file, Predicate<String> loopbackHost) {
        ConfigFile parsed = Files.exists(file) ? ShellConfigParser.parse(file)
                : new ConfigFile("(no config file " + file + ")", Map.of(), List.of());
        return from(parsed, loopbackHost, p -> Files.isRegularFile(p) && Files.isReadable(p));
    }

    public static WebConfig from(ConfigFile file, Predicate<String> loopbackHost, Predicate<Path> readableFile) {
        ConfigReader r = new ConfigReader(file, Set.copyOf(KEYS));
        String listen = r.orDefault("WEB_LISTEN", WebConfig::listen, "127.0.0.1:" + DEFAULT_PORT);
        int colon = listen.lastIndexOf(':');
        String host = listen.substring(0, colon);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = Integer.parseInt(listen.substring(colon + 1));
        Optional<Path> keystore = r.optional("WEB_TLS_KEYSTORE", Values::absolutePath);
        Optional<Path> password = r.optional("WEB_TLS_PASSWORD_FILE", Values::absolutePath);
        keystore.ifPresent(k -> r.requireFile("WEB_TLS_KEYSTORE", k, readableFile));
        password.ifPresent(p -> r.requireFile("WEB_TLS_PASSWORD_FILE", p, readableFile));
        if (keystore.isPresent() != password.isPresent()) {
            throw r.fail(keystore.isPresent() ? "WEB_TLS_PASSWORD_FILE" : "WEB_TLS_KEYSTORE",
                    "WEB_TLS_KEYSTORE and WEB_TLS_PASSWORD_FILE go together");
        }
        if (keystore.isEmpty() && !loopbackHost.test(host)) {
            // As the broker's acceptor: a login form in plain text on the network would give the password away.
            throw r.fail("WEB_LISTEN", "'" + listen + "': plain HTTP is only allowed on a loopback host;"
                    + " configure TLS (WEB_TLS_KEYSTORE and WEB_TLS_PASSWORD_FILE)");
        }
        Duration timeout = r.orDefault("WEB_SESSION_TIMEOUT", Values::positiveDuration, Duration.ofMinutes(30));
        Path users = r.orDefault("WEB_USERS_FILE", Values::absolutePath, DEFAULT_USERS_FILE);
        Duration maxAge = r.orDefault("WEB_MAX_AGE", Values::positiveDuration, Duration.ofHours(26));
        return new WebConfig(host, port, keystore, password, timeout, users, maxAge, r.origins());
    }

    static String listen(String v) {
        Matcher m = LISTEN.matcher(v);
        if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
            throw new IllegalArgumentException("must be HOST:PORT (e.g. 127.0.0.1:" + DEFAULT_PORT + ", [::1]:"
                    + DEFAULT_PORT + "; port 0..65535)");
        }
        return v;
    }

    public boolean tls() {
        return tlsKeystore.isPresent();
    }

    public List<String> describe() {
        return new Description(origins).add("WEB_LISTEN", listenHost + ":" + listenPort)
                .add("WEB_TLS_KEYSTORE", tlsKeystore.map(Path::toString).orElse(""))
                .add("WEB_TLS_PASSWORD_FILE", tlsPasswordFile.map(Path::toString).orElse(""))
                .add("WEB_SESSION_TIMEOUT", Values.formatDuration(sessionTimeout)).add("WEB_USERS_FILE", usersFile)
                .add("WEB_MAX_AGE", Values.formatDuration(maxAge)).lines();
    }
}
