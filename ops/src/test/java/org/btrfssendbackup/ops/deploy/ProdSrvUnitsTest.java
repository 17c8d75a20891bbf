package org.btrfssendbackup.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.btrfssendbackup.core.testing.SystemTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped prod-srv systemd units (ops/deploy/prod-srv): systemd's own checker accepts every
 * one of them, the alert template as the instance OnFailure= starts, and the timer's OnCalendar
 * parses and fires at the documented 02:05.
 */
class ProdSrvUnitsTest {

    static final Path PROD_SRV = Path.of("deploy", "prod-srv");
    static final String COMMAND = "/usr/local/sbin/btrfs-send-backup";

    @TempDir
    Path dir;

    record Result(int status, String output) {
    }

    /**
     * verify checks that each ExecStart= program is executable: the units are copied with the
     * producer's command replaced by a stand-in script (it is not installed on the test machine).
     */
    @Test
    void systemdAnalyzeVerifiesEveryShippedUnit() throws Exception {
        SystemTests.assumeTool("systemd-analyze");
        List<String> units = copyUnits();
        assertThat(units).contains("btrfs-send-backup.service", "btrfs-send-backup-run.service",
                "btrfs-send-backup-run.timer", "btrfs-send-backup-failed@.service");
        List<String> toVerify = new ArrayList<>();
        for (String unit : units) {
            // A template is verified as the instance OnFailure= names (%n of the run service).
            toVerify.add(unit.endsWith("@.service") ? unit.replace("@.service", "@btrfs-send-backup-run.service.service")
                    : unit);
        }

        Result verify = systemdAnalyze(join("verify", "--man=no", toVerify));

        assertThat(verify.status()).as(verify.output()).isZero();
        assertThat(verify.output()).as("no warning either").isBlank();
    }

    @Test
    void aBrokenUnitFailsTheCheck() throws Exception {
        SystemTests.assumeTool("systemd-analyze");
        copyUnits();
        Path timer = dir.resolve("btrfs-send-backup-run.timer");
        Files.writeString(timer, Files.readString(timer).replace("OnCalendar=", "OnCalendar=25:61 #"));

        Result verify = systemdAnalyze(List.of("verify", "--man=no", "btrfs-send-backup-run.timer"));

        assertThat(verify.status()).isNotZero();
        assertThat(verify.output()).contains("calendar");
    }

    @Test
    void theTimerRunsNightlyAt0205AndCatchesUpAMissedNight() throws Exception {
        SystemTests.assumeTool("systemd-analyze");
        String timer = Files.readString(PROD_SRV.resolve("btrfs-send-backup-run.timer"));
        Matcher onCalendar = Pattern.compile("(?m)^OnCalendar=(.+)$").matcher(timer);
        assertThat(onCalendar.find()).isTrue();
        assertThat(timer).containsPattern("(?m)^Persistent=true$").containsPattern("(?m)^RandomizedDelaySec=30m$")
                .containsPattern("(?m)^WantedBy=timers.target$");

        Result calendar = systemdAnalyze(List.of("calendar", onCalendar.group(1).strip()));

        assertThat(calendar.status()).as(calendar.output()).isZero();
        assertThat(calendar.output()).contains("Normalized form: *-*-* 02:05:00");
    }

    @Test
    void theRunServiceIsOneShotRunningEverySetWithTheAlertOnFailure() throws Exception {
        String service = Files.readString(PROD_SRV.resolve("btrfs-send-backup-run.service"));
        assertThat(service).containsPattern("(?m)^Type=oneshot$")
                .containsPattern("(?m)^ExecStart=" + COMMAND + " run$")
                .containsPattern("(?m)^OnFailure=btrfs-send-backup-failed@%n.service$")
                .containsPattern("(?m)^UMask=0077$")
                .doesNotContain("[Install]");
    }

    private List<String> copyUnits() throws IOException {
        Path standIn = dir.resolve("btrfs-send-backup-stand-in");
        Files.writeString(standIn, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> units = new ArrayList<>();
        try (Stream<Path> files = Files.list(PROD_SRV)) {
            for (Path unit : files.filter(p -> p.toString().endsWith(".service") || p.toString().endsWith(".timer"))
                    .sorted().toList()) {
                Files.writeString(dir.resolve(unit.getFileName()),
                        Files.readString(unit).replace(COMMAND, standIn.toString()));
                units.add(unit.getFileName().toString());
            }
        }
        return units;
    }

    private static List<String> join(String a, String b, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(a, b));
        all.addAll(rest);
        return all;
    }

    private Result systemdAnalyze(List<String> args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("systemd-analyze"));
        argv.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        // The copies first, then systemd's own directories (the empty entry) for the targets they name.
        builder.environment().put("SYSTEMD_UNIT_PATH", dir + ":");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
