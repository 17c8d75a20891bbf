package org.btrfssendbackup.producer.quiesce;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.btrfssendbackup.core.tools.Systemctl;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.messages.event.ServicesQuiesced;
import org.btrfssendbackup.messages.event.ServicesResumed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops SERVICES_TO_QUIESCE, runs the snapshot, and starts them again in a finally, whatever
 * happened in between (design.md section 7.4). The down window is reported as ServicesQuiesced
 * and ServicesResumed through {@code facts} as it happens, not in the step's transaction: a
 * rolled-back step must still leave the record that services were down.
 */
public final class ServiceQuiescer {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceQuiescer.class);

    private final Systemctl systemctl;
    private final Clock clock;

    public ServiceQuiescer(Systemctl systemctl, Clock clock) {
        this.systemctl = systemctl;
        this.clock = clock;
    }

    /** What must happen while the services are stopped. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /**
     * @throws ServicesNotRestartedException when a service did not come back (the action's own
     *                                       failure, if any, is attached as suppressed)
     */
    public void whileStopped(List<String> services, Action action, Consumer<EventPayload> facts) throws Exception {
        if (services.isEmpty()) {
            action.run();
            return;
        }
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
            List<String> notStarted = startAgain(services);
            Instant resumedAt = clock.instant();
            facts.accept(new ServicesResumed(services, stoppedAt, resumedAt, notStarted));
            Duration window = Duration.between(stoppedAt, resumedAt);
            if (!notStarted.isEmpty()) {
                LOG.error("services {} did NOT start again after the snapshot (down since {}); start them by hand",
                        notStarted, stoppedAt);
                ServicesNotRestartedException loud = new ServicesNotRestartedException(notStarted, stoppedAt);
                if (failure != null) {
                    loud.addSuppressed(failure);
                }
                failure = loud;
            } else {
                LOG.info("services {} were down for {} ms", services, window.toMillis());
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Starts every unit; the ones not active afterwards are returned. */
    private List<String> startAgain(List<String> services) {
        try {
            systemctl.start(services);
            return List.of();
        } catch (RuntimeException startFailure) {
            LOG.error("starting {} again failed: {}", services, startFailure.getMessage());
            try {
                List<String> down = new ArrayList<>();
                for (Map.Entry<String, String> state : systemctl.activeStates(services).entrySet()) {
                    if (!"active".equals(state.getValue()) && !"activating".equals(state.getValue())) {
                        down.add(state.getKey());
                    }
                }
                return down.isEmpty() ? List.copyOf(services) : down;
            } catch (RuntimeException queryFailure) {
                return List.copyOf(services); // cannot tell: assume the worst, loudly
            }
        }
    }
}
