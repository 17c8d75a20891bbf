package org.btrfssendbackup.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.btrfssendbackup.broker.PasswordFile;
import org.btrfssendbackup.core.testing.SystemTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped systemd units pass {@code systemd-analyze verify}, and the broker's unit runs as
 * its own user with a data directory systemd makes. Here systemd is not PID 1, so the units
 * cannot be started for real; verify checks what it can without a running manager. It also
 * checks that every ExecStart program exists: a private mount namespace puts stand-ins for
 * them on /usr/local/sbin, so the files verified are byte for byte the shipped ones.
 */
class UnitFilesTest {

    // surefire runs in the module directory (ops/)
    static final Path DEPLOY = Path.of("deploy");
    static final Path BROKER_UNIT = DEPLOY.resolve("backup-srv/btrfs-backup-broker.service");
    private static final Pattern EXEC = Pattern.compile("(?m)^Exec\\w*=[-@:+!]*(/usr/local/sbin/[^\\s]+)");

    @TempDir
    Path tmp;

    @Test
    void systemdAnalyzeVerifiesEveryShippedUnit() throws Exception {
        List<Path> units = shippedUnits();
        assertThat(units).contains(BROKER_UNIT);
        for (Path unit : units) {
            Result result = verify(unit);
            // verify exits 0 on many problems it only warns about; a clean unit prints nothing
            assertThat(result.output()).as(unit.toString()).isEmpty();
            assertThat(result.status()).as(unit + ": " + result.output()).isZero();
        }
    }

    @Test
    void verifyDoesReportABrokenUnit() throws Exception {
        // the control: the same check notices a typo in a directive
        Path broken = tmp.resolve("btrfs-backup-broker.service");
        Files.writeString(broken, Files.readString(BROKER_UNIT).replace("ProtectSystem=strict", "ProtectSystem=stricter"));
        assertThat(verify(broken).output()).contains("protect system value").contains("stricter");
    }

    @Test
    void theBrokerRunsAsItsOwnUserWithADataDirectorySystemdMakes() throws Exception {
        Map<String, String> service = directives(Files.readString(BROKER_UNIT));
        assertThat(service.get("User")).isEqualTo(PasswordFile.BROKER_SYSTEM_USER);
        // the default BROKER_DATA_DIR is /var/lib/ + StateDirectory; a ReadWritePaths directory nobody creates stops the start
        assertThat("/var/lib/" + service.get("StateDirectory")).isEqualTo("/var/lib/btrfs-send-backup/broker");
        assertThat(Files.readString(DEPLOY.resolve("backup-srv/broker.conf.example")))
                .contains("BROKER_DATA_DIR=/var/lib/btrfs-send-backup/broker");
        assertThat(service).doesNotContainKey("ReadWritePaths");
        assertThat(Files.readString(DEPLOY.resolve("backup-srv/btrfs-backup-broker.sysusers.conf")))
                .containsPattern("(?m)^u " + PasswordFile.BROKER_SYSTEM_USER + " ");
    }

    @Test
    void theWebConsoleRunsAsItsOwnUnprivilegedUserWithTheOperatorPasswordAsACredential() throws Exception {
        Map<String, String> service = directives(Files.readString(DEPLOY.resolve("backup-srv/btrfs-backup-web.service")));
        assertThat(service.get("User")).isEqualTo("btrfs-backup-web");
        assertThat(service.get("LoadCredential")).isEqualTo("operator.password:/etc/btrfs-send-backup/broker/operator.password");
        assertThat(service.get("ExecStart")).endsWith("--password-file %d/operator.password");
        assertThat(Files.readString(DEPLOY.resolve("backup-srv/btrfs-backup-web.sysusers.conf")))
                .containsPattern("(?m)^u btrfs-backup-web ");
        SystemTests.assumeTool("systemd-sysusers");
        Result result = run(new ProcessBuilder("systemd-sysusers", "--dry-run",
                DEPLOY.resolve("backup-srv/btrfs-backup-web.sysusers.conf").toAbsolutePath().toString()));
        assertThat(result.status()).as(result.output()).isZero();
        assertThat(result.output()).doesNotContain("Failed").doesNotContain("Ignoring");
    }

    @Test
    void systemdSysusersAcceptsTheShippedUser() throws Exception {
        SystemTests.assumeTool("systemd-sysusers");
        Result result = run(new ProcessBuilder("systemd-sysusers", "--dry-run",
                DEPLOY.resolve("backup-srv/btrfs-backup-broker.sysusers.conf").toAbsolutePath().toString()));
        assertThat(result.status()).as(result.output()).isZero();
        assertThat(result.output()).doesNotContain("Failed").doesNotContain("Ignoring");
    }

    private Result verify(Path unit) throws Exception {
        SystemTests.assumeRoot();
        SystemTests.assumeTool("systemd-analyze");
        SystemTests.assumeTool("unshare");
        Path sbin = Files.createDirectories(tmp.resolve("sbin"));
        Matcher exec = EXEC.matcher(Files.readString(unit));
        while (exec.find()) {
            Path standIn = sbin.resolve(Path.of(exec.group(1)).getFileName());
            Files.writeString(standIn, "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        String script = "mount --bind '" + sbin + "' /usr/local/sbin && exec systemd-analyze verify --man=no '"
                + unit.toAbsolutePath() + "'";
        return run(new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", script));
    }

    private static List<Path> shippedUnits() throws Exception {
        List<Path> units = new ArrayList<>();
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            files.filter(f -> f.toString().matches(".*\\.(service|timer|socket|path)$")).sorted().forEach(units::add);
        }
        return units;
    }

    /** KEY=value lines of a unit (one value per key is enough for what is checked here). */
    private static Map<String, String> directives(String unit) {
        Map<String, String> directives = new TreeMap<>();
        for (String line : unit.split("\n")) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                directives.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return directives;
    }

    record Result(int status, String output) {
    }

    private static Result run(ProcessBuilder builder) throws Exception {
        Process process = builder.redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
