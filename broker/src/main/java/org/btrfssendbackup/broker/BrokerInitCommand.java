package org.btrfssendbackup.broker;

import org.btrfssendbackup.messages.JsonFormats;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;

import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.version.ProgramVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code btrfs-backup-broker init}: the command line of {@link BrokerInit}. */
@Command(name = "init", mixinStandardHelpOptions = true,
        versionProvider = ProgramVersion.class,
        description = {
            "Creates the hub's password files, TLS key pair and producer credential bundles.",
            "For the broker in the config file: its users' password files (0600, owned by the system user "
                    + PasswordFile.BROKER_SYSTEM_USER + " when it exists, else root), the TLS key pair of its acceptor "
                    + "(keytool), the trust store and certificate clients copy, and one credential bundle per producer host.",
            "Idempotent: existing files are kept (\"kept\"), never overwritten."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:everything exists now",
            "1:a file could not be made (the message names it)",
            "2:usage or configuration error"})
final class BrokerInitCommand implements Callable<Integer> {

    static final Path DEFAULT_BUNDLE_DIRECTORY = Path.of("/etc/btrfs-send-backup/bundles");

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "The broker's config file (default: /etc/btrfs-send-backup/broker.conf).")
    Path config = BrokerMain.DEFAULT_CONFIG;

    @Option(names = "--producer-host", paramLabel = "HOST",
            description = "Make a credential bundle for this prod-srv (repeatable); hosts that producer users in BROKER_USERS "
                    + "are bound to get one too.")
    List<String> producerHosts = new ArrayList<>();

    @Option(names = "--hub-host", paramLabel = "NAME",
            description = "The name producers reach this hub by, in the certificate and the bundles' BROKER_URL "
                    + "(default: this host's name).")
    String hubHost;

    @Option(names = "--bundle-dir", paramLabel = "DIR",
            description = "Where the bundles go, one directory per host (default: " + "/etc/btrfs-send-backup/bundles" + ").")
    Path bundleDirectory = DEFAULT_BUNDLE_DIRECTORY;

    @Option(names = "--json", description = "Print what was created and kept as one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<BrokerSettings> read = BrokerMain.readSettings(config, "broker init", err);
        if (read.isEmpty()) {
            return ExitCodes.USAGE;
        }
        BrokerSettings settings = read.get();
        BrokerInit.Result result;
        try {
            result = new BrokerInit(settings, config, new LocalProcessRunner(), brokerUser(), hubHost(), bundleDirectory)
                    .run(producerHosts);
        } catch (IllegalStateException | IllegalArgumentException | ProcessFailedException e) {
            err.println("broker init: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("config", config.toString());
            document.put("owner", result.owner());
            document.put("files", result.steps().stream().map(InitStep::jsonFields).toList());
            document.put("notes", result.notes());
            try {
                out.println(JsonFormats.document().writeValueAsString(document));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            result.steps().forEach(step -> out.println(step.line()));
            out.println("files the broker reads are owned by " + result.owner());
            result.notes().forEach(note -> out.println("note: " + note));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private String hubHost() {
        if (hubHost != null && !hubHost.isBlank()) {
            return hubHost;
        }
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The broker's system user, when this host has one. */
    static Optional<UserPrincipal> brokerUser() {
        try {
            return Optional.of(FileSystems.getDefault().getUserPrincipalLookupService()
                    .lookupPrincipalByName(PasswordFile.BROKER_SYSTEM_USER));
        } catch (UserPrincipalNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("look up the user " + PasswordFile.BROKER_SYSTEM_USER, e);
        }
    }
}
