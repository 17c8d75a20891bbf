package org.btrfssendbackup.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.tools.KeytoolArgs;

/**
 * {@code btrfs-backup-broker init}: everything a hub needs besides its config file. The users'
 * password files (0600, owned by the broker's system user when it exists so the unit can run as
 * that user), the acceptor's TLS key pair with a self-signed certificate (made by the JDK's
 * keytool, its password only in a file), the public trust store and certificate clients copy,
 * and one credential bundle per producer host. Idempotent: a file that exists is kept, never
 * rewritten, so running it again after adding a host only adds that host's files.
 */
public final class BrokerInit {

    /** Ten years: a self-signed hub certificate is replaced by deleting it and running init again, not by expiry. */
    static final int CERTIFICATE_DAYS = 3650;
    static final String KEY_ALIAS = "broker";
    /** Where the bundle's files go on the prod-srv: the paths prod.conf.example uses. */
    static final Path PRODUCER_TRUST_STORE = Path.of("/etc/btrfs-send-backup/" + HubTlsFiles.TRUST_STORE_NAME);
    static final Path PRODUCER_PASSWORD_FILE = Path.of("/root/.config/btrfs-send-backup/broker-password");
    /** The hub's TLS port when broker.conf has no acceptor yet (the one broker.conf.example uses). */
    static final int DEFAULT_TLS_PORT = 61617;

    private final BrokerSettings settings;
    private final Path configFile;
    private final ProcessRunner runner;
    private final Optional<UserPrincipal> brokerUser;
    private final String hubHost;
    private final Path bundleDirectory;
    private final List<InitStep> steps = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param brokerUser      the broker's system user; empty: files stay owned by root
     * @param hubHost         the name producers reach the hub by (certificate and bundles' BROKER_URL)
     * @param bundleDirectory one subdirectory per producer host is made below it
     */
    public BrokerInit(BrokerSettings settings, Path configFile, ProcessRunner runner, Optional<UserPrincipal> brokerUser,
                      String hubHost, Path bundleDirectory) {
        this.settings = settings;
        this.configFile = configFile;
        this.runner = runner;
        this.brokerUser = brokerUser;
        this.hubHost = hubHost;
        this.bundleDirectory = bundleDirectory;
    }

    /** What init did, file by file, and what the operator must still do. */
    public record Result(List<InitStep> steps, List<String> notes, String owner) {
    }

    /**
     * @param producerHosts hosts given on the command line; the hosts producer users in
     *                      BROKER_USERS are bound to are added
     * @throws IllegalStateException naming the file and the cause when one cannot be made
     */
    public Result run(List<String> producerHosts) {
        if (brokerUser.isEmpty()) {
            notes.add("no system user " + PasswordFile.BROKER_SYSTEM_USER + ": the files are owned by root, so the broker must"
                    + " run as root (create the user, e.g. useradd --system --no-create-home --shell /usr/sbin/nologin "
                    + PasswordFile.BROKER_SYSTEM_USER + ", and run init again to hand them over)");
        }
        settings.users().stream().map(u -> u.passwordFile().getParent()).distinct().forEach(this::passwordDirectory);
        for (BrokerUser user : settings.users()) {
            secret("the password of broker user " + user.name(), user.passwordFile(), true);
        }
        settings.haPairSettings().ifPresent(this::haPair);
        HubTlsFiles tls = HubTlsFiles.of(settings, configFile);
        tls(tls);
        Set<String> hosts = new LinkedHashSet<>(producerHosts);
        settings.users().stream().filter(u -> u.role() == BrokerRole.PRODUCER).forEach(u -> hosts.addAll(u.hosts()));
        for (String host : hosts) {
            bundle(host, tls);
        }
        return new Result(List.copyOf(steps), List.copyOf(notes), brokerUser.map(UserPrincipal::getName).orElse("root"));
    }

    /**
     * The pair's cluster password; and what init cannot do: both hubs need the same secrets (the
     * users' passwords, the cluster password, the TLS key pair), so they are made once and copied.
     */
    private void haPair(HaPairSettings pair) {
        secret("the HA pair's cluster password (user " + pair.clusterUser() + ")", pair.clusterPasswordFile(), true);
        notes.add("HA pair (" + pair.role().word() + ", peer " + pair.peer() + "): both hubs must hold the same secrets."
                + " Run init on one hub only, copy " + pair.clusterPasswordFile().getParent() + "/ and the TLS key store"
                + " with its password file to the same paths on the peer (keeping owner and mode), then run init there:"
                + " it keeps them all");
    }

    private void tls(HubTlsFiles tls) {
        if (settings.tcp().flatMap(TcpAcceptorSettings::tlsSettings).isEmpty()) {
            notes.add(configFile + " configures no TLS acceptor: add BROKER_TCP_ACCEPTOR=0.0.0.0:" + DEFAULT_TLS_PORT
                    + ", BROKER_TLS_KEYSTORE=" + tls.keyStore() + " and BROKER_TLS_KEYSTORE_PASSWORD_FILE="
                    + tls.keyStorePasswordFile() + " so producers on other hosts can connect");
        }
        sharedDirectory(tls.keyStorePasswordFile().getParent());
        sharedDirectory(tls.keyStore().getParent());
        secret("the TLS key store's password", tls.keyStorePasswordFile(), true);
        if (exists(tls.keyStore())) {
            steps.add(InitStep.kept("the TLS key pair and certificate", tls.keyStore()));
        } else {
            List<String> names = new ArrayList<>(List.of(hubHost));
            // Both hubs of a pair present this one key pair: the certificate names the peer too.
            settings.haPairSettings().filter(pair -> !names.contains(pair.peer().host()))
                    .ifPresent(pair -> names.add(pair.peer().host()));
            for (String local : List.of("localhost", "127.0.0.1", "::1")) {
                if (!names.contains(local)) {
                    names.add(local);
                }
            }
            runner.run(KeytoolArgs.generateKeyPair(tls.keyStore(), tls.keyStorePasswordFile(), KEY_ALIAS, names, CERTIFICATE_DAYS));
            restrict(tls.keyStore(), true);
            steps.add(InitStep.created("the TLS key pair and certificate for " + String.join(", ", names), tls.keyStore()));
        }
        if (exists(tls.certificate())) {
            steps.add(InitStep.kept("the hub's certificate (PEM)", tls.certificate()));
        } else {
            runner.run(KeytoolArgs.exportCertificate(tls.keyStore(), tls.keyStorePasswordFile(), KEY_ALIAS, tls.certificate()));
            publicFile(tls.certificate());
            steps.add(InitStep.created("the hub's certificate (PEM)", tls.certificate()));
        }
        if (exists(tls.trustStore())) {
            steps.add(InitStep.kept("the trust store for clients", tls.trustStore()));
        } else {
            runner.run(KeytoolArgs.importTrustedCertificate(tls.trustStore(), tls.keyStorePasswordFile(), "btrfs-backup-hub",
                    tls.certificate()));
            publicFile(tls.trustStore());
            steps.add(InitStep.created("the trust store for clients", tls.trustStore()));
        }
    }

    /** DIR/HOST/: the host's password, the trust store and a prod.conf snippet, all root-only until copied. */
    private void bundle(String host, HubTlsFiles tls) {
        BrokerUser user = producerUserFor(host);
        Path dir = bundleDirectory.resolve(host);
        directory(bundleDirectory, "rwx------");
        directory(dir, "rwx------");
        Path password = dir.resolve("broker-password");
        if (exists(password)) {
            steps.add(InitStep.kept("the broker password for " + host, password));
        } else {
            copy(user.passwordFile(), password);
            steps.add(InitStep.created("the broker password for " + host + " (user " + user.name() + ")", password));
        }
        Path trustStore = dir.resolve(HubTlsFiles.TRUST_STORE_NAME);
        if (exists(trustStore)) {
            steps.add(InitStep.kept("the trust store for " + host, trustStore));
        } else {
            copy(tls.trustStore(), trustStore);
            steps.add(InitStep.created("the trust store for " + host, trustStore));
        }
        Path snippet = dir.resolve("prod.conf.snippet");
        if (exists(snippet)) {
            steps.add(InitStep.kept("the prod.conf lines for " + host, snippet));
        } else {
            int port = settings.tcp().map(TcpAcceptorSettings::port).orElse(DEFAULT_TLS_PORT);
            String url = settings.haPairSettings()
                    .map(pair -> HubClientUrl.ofPair(hubHost, port, pair.peer(), Optional.of(PRODUCER_TRUST_STORE)))
                    .orElseGet(() -> HubClientUrl.of(hubHost, port, Optional.of(PRODUCER_TRUST_STORE)));
            write(snippet, String.join("\n",
                    "# " + host + "'s connection to the hub " + hubHost + ", made by btrfs-backup-broker init.",
                    "# Copy broker-password to " + PRODUCER_PASSWORD_FILE + " (root, 0600) and "
                            + HubTlsFiles.TRUST_STORE_NAME + " to " + PRODUCER_TRUST_STORE + ",",
                    "# then add these lines to /etc/btrfs-send-backup/prod.conf on " + host + ".",
                    "BROKER_URL=\"" + url + "\"",
                    "BROKER_USER=" + user.name(),
                    "BROKER_PASSWORD_FILE=" + PRODUCER_PASSWORD_FILE,
                    ""), false);
            steps.add(InitStep.created("the prod.conf lines for " + host, snippet));
        }
    }

    /** The producer user bound to {@code host}; else the unbound standard producer user, with a note. */
    private BrokerUser producerUserFor(String host) {
        Optional<BrokerUser> bound = settings.users().stream()
                .filter(u -> u.role() == BrokerRole.PRODUCER && u.hosts().contains(host)).findFirst();
        if (bound.isPresent()) {
            return bound.get();
        }
        BrokerUser shared = settings.users().stream().filter(u -> u.role() == BrokerRole.PRODUCER && !u.bound()).findFirst()
                .orElseThrow(() -> new IllegalStateException("make the bundle for producer host " + host + ": no producer user in "
                        + "BROKER_USERS of " + configFile + " is bound to it; add " + host + ":producer"));
        notes.add("no producer user in BROKER_USERS is bound to " + host + ": its bundle uses the shared, unbound user "
                + shared.name() + "; add " + host + ":producer to BROKER_USERS in " + configFile
                + " so the hub checks its events' host, then delete its bundle and run init again");
        return shared;
    }

    private void secret(String what, Path file, boolean forBroker) {
        if (exists(file)) {
            handOver(file, forBroker); // a root-made file goes to the broker's user once it exists; content and mode stay
            steps.add(InitStep.kept(what, file));
            return;
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        write(file, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "\n", forBroker);
        steps.add(InitStep.created(what, file));
    }

    /**
     * BROKER_PASSWORD_DIR: 0700 and the broker user's, also when it was there before (made by
     * hand, or by an init run before the user existed): the broker must get through it.
     */
    private void passwordDirectory(Path dir) {
        directory(dir, "rwx------");
        handOver(dir, true);
    }

    /** Where the key store and the public trust store live (/etc/btrfs-send-backup): 0755 root when made here. */
    private void sharedDirectory(Path dir) {
        directory(dir, "rwxr-xr-x");
    }

    /** A directory made with {@code mode} when missing; an existing one is left as it is. */
    private void directory(Path dir, String mode) {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
        } catch (IOException e) {
            throw new IllegalStateException("create directory " + dir + ": " + e, e);
        }
    }

    /** Created 0600 before the first byte is written, so a secret is never readable by others, even briefly. */
    private void write(Path file, String content, boolean forBroker) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content, StandardCharsets.UTF_8);
            restrict(file, forBroker);
        } catch (IOException e) {
            throw new IllegalStateException("write " + file + ": " + e, e);
        }
    }

    private void copy(Path from, Path to) {
        try {
            Files.createFile(to, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(to, Files.readAllBytes(from)); // into the 0600 file: a copy would take the umask's mode
        } catch (IOException e) {
            throw new IllegalStateException("copy " + from + " to " + to + ": " + e, e);
        }
    }

    private void restrict(Path file, boolean forBroker) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            if (forBroker && brokerUser.isPresent()) {
                Files.setOwner(file, brokerUser.get());
            }
        } catch (IOException e) {
            throw new IllegalStateException("restrict " + file + " to its owner: " + e, e);
        }
    }

    private void handOver(Path file, boolean forBroker) {
        if (forBroker && brokerUser.isPresent()) {
            try {
                Files.setOwner(file, brokerUser.get());
            } catch (IOException e) {
                throw new IllegalStateException("hand " + file + " to " + brokerUser.get().getName() + ": " + e, e);
            }
        }
    }

    /** Certificates are public: clients copy them, so they are readable by all. */
    private static void publicFile(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new IllegalStateException("make " + file + " readable: " + e, e);
        }
    }

    private static boolean exists(Path file) {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }
}
