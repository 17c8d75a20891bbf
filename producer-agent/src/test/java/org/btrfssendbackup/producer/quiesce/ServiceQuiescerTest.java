package org.btrfssendbackup.producer.quiesce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.tools.CliSystemctl;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.messages.event.ServiceRestartFailed;
import org.btrfssendbackup.messages.event.ServicesResumed;
import org.btrfssendbackup.messages.jms.PermanentStepException;
import org.btrfssendbackup.messages.jms.TransientStepException;
import org.btrfssendbackup.producer.testing.RecordingSystemctl;
import org.junit.jupiter.api.Test;

/**
 * The quiesce window against the FAKE systemctl/systemd-run (systemd cannot run here), through
 * the real CliSystemctl and process runner: what is asked, armed, stopped and started, in which
 * order, and which failures are permanent.
 */
class ServiceQuiescerTest {

    private static final Instant T = Instant.parse("2026-03-01T02:05:00Z");
    private static final String RUN = "3f0c2a8e-5b7d-4c1e-9a6f-0d2b4e6a8c10";
    private static final String GUARD = "btrfs-send-backup-resume-" + RUN + "-" + T.getEpochSecond();
    private static final String ORIGIN = "/etc/btrfs-send-backup/prod.conf:20";

    private final RecordingSystemctl fake = new RecordingSystemctl();
    private final List<EventPayload> facts = new ArrayList<>();
    private final List<String> actions = new ArrayList<>();

    private ServiceQuiescer quiescer(Duration quiesceMax) {
        return new ServiceQuiescer(new CliSystemctl(new LocalProcessRunner(fake)), Clock.fixed(T, ZoneOffset.UTC),
                quiesceMax, new ActivationWait(Duration.ofMillis(200), Duration.ofMillis(10)));
    }

    private void quiesce(ServiceQuiescer q, String... services) throws Exception {
        q.whileStopped(RUN, List.of(services), ORIGIN, () -> {
            actions.add("snapshot while " + (fake.isRunning(services[0]) ? "running" : "stopped"));
        }, facts::add);
    }

    /** "program verb units..." per call, e.g. "systemctl stop nginx mysql". */
    private List<String> calls() {
        return fake.calls().stream().map(argv -> argv.get(0).equals("systemd-run")
                ? "systemd-run " + String.join(" ", argv.subList(1, 3)) + " ... " + String.join(" ", argv.subList(6, argv.size()))
                : String.join(" ", argv.stream().filter(a -> !a.startsWith("--")).toList())).toList();
    }

    @Test
    void checksArmsStopsSnapshotsStartsConfirmsAndCancelsInThatOrder() throws Exception {
        quiesce(quiescer(Duration.ofSeconds(45)), "nginx", "mysql");

        assertThat(calls()).containsExactly(
                "systemctl show nginx",
                "systemctl show mysql",
                "systemd-run --unit=" + GUARD + " --on-active=45s ... systemctl start nginx mysql",
                "systemctl stop nginx mysql",
                "systemctl start nginx mysql",
                "systemctl is-active nginx mysql",
                "systemctl stop " + GUARD + ".timer");
        assertThat(actions).containsExactly("snapshot while stopped");
        assertThat(fake.armedTimers()).isEmpty();
        assertThat(facts).extracting(f -> f.getClass().getSimpleName()).containsExactly("ServicesQuiesced", "ServicesResumed");
    }

    @Test
    void aMissingOrMaskedUnitIsAPermanentFailureAndNothingIsStopped() {
        fake.loadState("nginz", "not-found").loadState("redis", "masked");

        assertThatThrownBy(() -> quiesce(quiescer(Duration.ofSeconds(600)), "nginz", "mysql", "redis"))
                .isInstanceOf(PermanentStepException.class)
                .hasMessageStartingWith("SERVICES_TO_QUIESCE (" + ORIGIN + ") names nginz (LoadState not-found), "
                        + "redis (LoadState masked)")
                .hasMessageContaining("nothing was stopped");

        assertThat(calls()).containsExactly("systemctl show nginz", "systemctl show mysql", "systemctl show redis");
        assertThat(actions).isEmpty();
        assertThat(facts).isEmpty();
    }

    @Test
    void whenTheTimerCannotBeArmedNothingIsStopped() {
        fake.systemdRunFails();
        assertThatThrownBy(() -> quiesce(quiescer(Duration.ofSeconds(600)), "nginx"))
                .isInstanceOf(TransientStepException.class)
                .hasMessageContaining("cannot arm the timer " + GUARD + ".timer that starts nginx")
                .hasMessageContaining("nothing was stopped").hasMessageContaining("Failed to connect to bus");
        assertThat(calls()).noneMatch(c -> c.startsWith("systemctl stop") || c.startsWith("systemctl start"));
        assertThat(actions).isEmpty();
    }

    @Test
    void withoutSystemdRunTheFailureIsPermanentAndNothingIsStopped() {
        fake.withoutSystemdRun();
        assertThatThrownBy(() -> quiesce(quiescer(Duration.ofSeconds(600)), "nginx"))
                .isInstanceOf(PermanentStepException.class)
                .hasMessageContaining("systemd-run is missing").hasMessageContaining("nothing was stopped");
        assertThat(calls()).noneMatch(c -> c.startsWith("systemctl stop") || c.startsWith("systemctl start"));
    }

    @Test
    void aUnitThatDoesNotComeBackIsReportedAndTheTimerStaysArmedForOneMoreTry() throws Exception {
        fake.failToStart("mysql");

        quiesce(quiescer(Duration.ofSeconds(600)), "nginx", "mysql"); // no exception: the backup goes on

        assertThat(actions).containsExactly("snapshot while stopped");
        assertThat(facts).extracting(f -> f.getClass().getSimpleName())
                .containsExactly("ServicesQuiesced", "ServicesResumed", "ServiceRestartFailed");
        assertThat(((ServicesResumed) facts.get(1)).failedToStart()).containsExactly("mysql");
        ServiceRestartFailed failed = (ServiceRestartFailed) facts.get(2);
        assertThat(failed.units()).containsExactly("mysql");
        assertThat(failed.states()).containsExactly(java.util.Map.entry("mysql", "failed"));
        assertThat(failed.systemctlError()).contains("systemctl start nginx mysql").contains("control process exited");
        assertThat(failed.downSince()).isEqualTo(T);
        assertThat(calls()).noneMatch(c -> c.endsWith(".timer"));
        assertThat(fake.armedTimers()).singleElement().satisfies(t -> assertThat(t.name()).isEqualTo(GUARD));
    }

    @Test
    void aUnitStillActivatingIsWaitedForWithinTheBound() throws Exception {
        fake.activatingFor("mysql", 3);
        quiesce(quiescer(Duration.ofSeconds(600)), "nginx", "mysql");

        assertThat(calls()).filteredOn(c -> c.startsWith("systemctl is-active")).hasSize(4);
        assertThat(facts).noneMatch(f -> f instanceof ServiceRestartFailed);
        assertThat(fake.armedTimers()).isEmpty();
    }

    @Test
    void aUnitActivatingPastTheBoundCountsAsNotBack() throws Exception {
        fake.activatingFor("mysql", 1000);
        quiesce(quiescer(Duration.ofSeconds(600)), "mysql");

        assertThat(calls()).filteredOn(c -> c.startsWith("systemctl is-active")).hasSize(21); // 200 ms / 10 ms, plus the first
        assertThat(facts).filteredOn(f -> f instanceof ServiceRestartFailed).singleElement()
                .satisfies(f -> assertThat(((ServiceRestartFailed) f).states()).containsEntry("mysql", "activating"));
    }

    @Test
    void servicesAreStartedAgainWhenTheActionFailsAndTheFailureStillPropagates() {
        ServiceQuiescer q = quiescer(Duration.ofSeconds(600));
        assertThatThrownBy(() -> q.whileStopped(RUN, List.of("nginx"), ORIGIN, () -> {
            throw new PermanentStepException("no space left on prod-srv's btrfs");
        }, facts::add)).isInstanceOf(PermanentStepException.class).hasMessageContaining("no space");

        assertThat(fake.isRunning("nginx")).isTrue();
        assertThat(calls()).endsWith("systemctl start nginx", "systemctl is-active nginx", "systemctl stop " + GUARD + ".timer");
    }
}
