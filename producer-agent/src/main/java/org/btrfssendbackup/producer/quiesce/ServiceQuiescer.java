package org.btrfssendbackup.producer.quiesce;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.tools.SystemctlArgs;
import org.btrfssendbackup.core.tools.SystemdRunArgs;
import org.btrfssendbackup.core.tools.Systemctl;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.messages.event.ServiceRestartFailed;
import org.btrfssendbackup.messages.event.ServicesQuiesced;
import org.btrfssendbackup.messages.event.ServicesResumed;
import org.btrfssendbackup.messages.jms.PermanentStepException;
import org.btrfssendbackup.messages.jms.TransientStepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops SERVICES_TO_QUIESCE, runs the snapshot, and starts them again, whatever happened in
 * between (design.md sections 7.4 and 8):
 * <ol>
 *   <li>every unit must be known to systemd (LoadState "loaded") before anything is stopped: a
 *       typo or an uninstalled service is a permanent failure, and nothing is stopped;</li>
 *   <li>a transient systemd timer is armed that starts the units after QUIESCE_MAX_SECONDS, so
 *       they come back even if this process is killed inside the window; if it cannot be armed,
 *       nothing is stopped;</li>
 *   <li>stop, run the action, start again in a finally, and confirm with {@code is-active}
 *       (waiting a bounded time for "activating");</li>
 *   <li>all active: cancel the timer. A unit still down: publish ServiceRestartFailed and leave
 *       the timer armed, so systemd tries once more at the deadline.</li>
 * </ol>
 * A unit that does not come back does not fail the snapshot: the backup goes on and the run's
 * verdict is FAILED because of the event. The down window is reported as ServicesQuiesced and
 * ServicesResumed through {@code facts} as it happens, not in the step's transaction: a
 * rolled-back step must still leave the record that services were down.
 */
public final class ServiceQuiescer {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceQuiescer.class);

    /** The state reported for a unit when systemctl could not be asked at all. */
    static final String UNKNOWN = "unknown";

    private final Systemctl systemctl;
    private final Clock clock;
    private final Duration quiesceMax;
    private final ActivationWait activationWait;

    public ServiceQuiescer(Systemctl systemctl, Clock clock, Duration quiesceMax) {
        this(systemctl, clock, quiesceMax, ActivationWait.DEFAULT);
    }

    /** @param activationWait how long and how often to ask about a unit that is still "activating" */
    public ServiceQuiescer(Systemctl systemctl, Clock clock, Duration quiesceMax, ActivationWait activationWait) {
        this.systemctl = systemctl;
        this.clock = clock;
        this.quiesceMax = quiesceMax;
        this.activationWait = activationWait;
    }

    /** What must happen while the services are stopped. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /**
     * @param runId   names the guard timer, so {@code systemctl list-timers} and the audit agree
     * @param origin  where SERVICES_TO_QUIESCE was set ("FILE:LINE"), for the error message
     * @throws PermanentStepException when a unit is unknown to systemd or systemd-run cannot run
     *                                here (nothing was stopped), or the action's own permanent failure
     * @throws TransientStepException when systemd could not be asked or the timer not armed
     *                                (nothing was stopped; a retry costs production nothing)
     */
    public void whileStopped(String runId, List<String> services, String origin, Action action,
                             Consumer<EventPayload> facts) throws Exception {
        if (services.isEmpty()) {
            action.run();
            return;
        }
        checkLoadable(services, origin);
        Instant armedAt = clock.instant();
        String guard = SystemdRunArgs.resumeUnitName(runId, armedAt.getEpochSecond());
        arm(guard, services);
        Instant stoppedAt = clock.instant();
        Exception failure = null;
        try {
            systemctl.stop(services);
            stoppedAt = clock.instant();
            facts.accept(new ServicesQuiesced(services, stoppedAt));
            action.run();
        } catch (Exception e) {
            failure = e;
        } finally {
            Restart restart = startAgain(services);
            Instant resumedAt = clock.instant();
            facts.accept(new ServicesResumed(services, stoppedAt, resumedAt, restart.down()));
            if (Duration.between(armedAt, resumedAt).compareTo(quiesceMax) >= 0) {
                LOG.warn("services {} were down for {} s, not less than QUIESCE_MAX_SECONDS={}: the timer {}.timer"
                                + " may have started them before the snapshot was taken; raise QUIESCE_MAX_SECONDS",
                        services, Duration.between(stoppedAt, resumedAt).toSeconds(), quiesceMax.toSeconds(), guard);
            }
            if (restart.down().isEmpty()) {
                LOG.info("services {} were down for {} ms", services, Duration.between(stoppedAt, resumedAt).toMillis());
                cancel(guard);
            } else {
                LOG.error("services {} did NOT start again after the snapshot (down since {}, states {}); start them"
                                + " by hand: systemctl start {}. The timer {}.timer tries once more at {}",
                        restart.down(), stoppedAt, restart.states(), String.join(" ", restart.down()), guard,
                        armedAt.plus(quiesceMax));
                facts.accept(ServiceRestartFailed.of(restart.down(), restart.states(), restart.error(), stoppedAt));
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void checkLoadable(List<String> services, String origin) {
        Map<String, String> states;
        try {
            states = systemctl.loadStates(services);
        } catch (ProcessFailedException e) {
            if (e.reason() == ProcessFailedException.Reason.START_FAILED) {
                throw new PermanentStepException("cannot run systemctl to check SERVICES_TO_QUIESCE (" + origin
                        + "); nothing was stopped: " + e.getMessage(), e);
            }
            throw new TransientStepException("could not ask systemd whether SERVICES_TO_QUIESCE (" + origin
                    + ") exist; nothing was stopped: " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        states.forEach((unit, state) -> {
            if (!SystemctlArgs.LOADED.equals(state)) {
                problems.add(unit + " (LoadState " + state + ")");
            }
        });
        if (!problems.isEmpty()) {
            throw new PermanentStepException("SERVICES_TO_QUIESCE (" + origin + ") names " + String.join(", ", problems)
                    + ", which systemd cannot start; nothing was stopped. Correct the list or install the unit");
        }
    }

    private void arm(String guard, List<String> services) {
        try {
            systemctl.armResumeTimer(guard, quiesceMax, services);
        } catch (ProcessFailedException e) {
            String what = "cannot arm the timer " + guard + ".timer that starts " + String.join(" ", services)
                    + " if this producer dies while they are stopped; nothing was stopped";
            if (e.reason() == ProcessFailedException.Reason.START_FAILED) {
                throw new PermanentStepException(what + " (systemd-run is missing: SERVICES_TO_QUIESCE needs systemd): "
                        + e.getMessage(), e);
            }
            throw new TransientStepException(what + ": " + e.getMessage(), e);
        }
    }

    private void cancel(String guard) {
        try {
            systemctl.cancelTimer(guard);
        } catch (RuntimeException e) {
            // Harmless if it stays: at the deadline it starts services that already run.
            LOG.warn("could not cancel the timer {}.timer ({}); it will start running services again, which changes"
                    + " nothing", guard, e.getMessage());
        }
    }

    /** The units not back after the start, their states, and what systemctl start said if it failed. */
    private record Restart(List<String> down, Map<String, String> states, String error) {
    }

    private Restart startAgain(List<String> services) {
        String error = null;
        try {
            systemctl.start(services);
        } catch (RuntimeException e) {
            LOG.error("starting {} again failed: {}", services, e.getMessage());
            error = e.getMessage();
        }
        Map<String, String> states = Map.of();
        long polls = activationWait.pauses();
        for (long poll = 0; ; poll++) {
            try {
                states = systemctl.activeStates(services);
            } catch (RuntimeException e) {
                // Cannot tell: assume the worst, loudly.
                Map<String, String> unknown = new LinkedHashMap<>();
                for (String unit : services) {
                    unknown.put(unit, UNKNOWN);
                }
                states = unknown;
                error = (error == null ? "" : error + "; ") + e.getMessage();
                break;
            }
            if (!states.containsValue("activating") || poll >= polls || !pause()) {
                break;
            }
        }
        List<String> down = new ArrayList<>();
        Map<String, String> downStates = new LinkedHashMap<>();
        for (String unit : services) {
            String state = states.getOrDefault(unit, UNKNOWN);
            if (!state.equals("active") && !state.equals("reloading")) {
                down.add(unit);
                downStates.put(unit, state);
            }
        }
        return new Restart(List.copyOf(down), downStates, error);
    }

    /** @return false when interrupted (the flag is kept): stop waiting and judge what we have */
    private boolean pause() {
        try {
            Thread.sleep(activationWait.every().toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
