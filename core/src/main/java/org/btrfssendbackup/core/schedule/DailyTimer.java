package org.btrfssendbackup.core.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action at every occurrence of a {@link DailySchedule} on one daemon thread, until
 * closed. The next occurrence is computed after each run, from the wall clock, so a clock or
 * daylight-saving change is picked up the next day; an action that throws is logged loudly
 * and does not stop the timer (tomorrow's backup must still happen).
 */
public final class DailyTimer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DailyTimer.class);

    /** What to do at the scheduled time. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private final DailySchedule schedule;
    private final Clock clock;
    private final String name;
    private final Action action;
    private final ScheduledExecutorService executor;
    private volatile Instant next;

    private DailyTimer(DailySchedule schedule, Clock clock, String name, Action action) {
        this.schedule = schedule;
        this.clock = clock;
        this.name = name;
        this.action = action;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the timer; {@code name} names its thread and its log lines. */
    public static DailyTimer start(DailySchedule schedule, Clock clock, String name, Action action) {
        DailyTimer timer = new DailyTimer(schedule, clock, name, action);
        timer.scheduleNext();
        return timer;
    }

    /** When the action runs next. */
    public Instant nextRun() {
        return next;
    }

    private void scheduleNext() {
        Instant now = clock.instant();
        next = schedule.nextAfter(now);
        long delay = Math.max(0, Duration.between(now, next).toMillis());
        LOG.info("{}: next run at {} ({})", name, next, schedule);
        executor.schedule(this::fire, delay, TimeUnit.MILLISECONDS);
    }

    private void fire() {
        try {
            action.run();
        } catch (Exception e) {
            LOG.error("{}: the scheduled run failed: {}", name, e.toString());
        } finally {
            if (!executor.isShutdown()) {
                scheduleNext();
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
