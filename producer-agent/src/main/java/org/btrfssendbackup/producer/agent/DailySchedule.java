package org.btrfssendbackup.producer.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests a backup every day at BACKUP_SCHEDULE in the system's time zone, like the seed's
 * cron line. Each run is scheduled from the wall clock afresh, so daylight-saving changes and
 * a long run never shift the following days.
 */
public final class DailySchedule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DailySchedule.class);

    /** What to do at the scheduled time (publish a BackupRequested). */
    @FunctionalInterface
    public interface Trigger {
        void fire() throws Exception;
    }

    private final LocalTime at;
    private final Clock clock;
    private final Trigger trigger;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "backup-schedule");
        t.setDaemon(true);
        return t;
    });
    private volatile ZonedDateTime next;

    private DailySchedule(LocalTime at, Clock clock, Trigger trigger) {
        this.at = at;
        this.clock = clock;
        this.trigger = trigger;
    }

    public static DailySchedule start(LocalTime at, Trigger trigger) {
        DailySchedule schedule = new DailySchedule(at, Clock.systemDefaultZone(), trigger);
        schedule.scheduleNext();
        return schedule;
    }

    /** The first time strictly after {@code now} whose local time is {@code at}. */
    public static ZonedDateTime nextAfter(ZonedDateTime now, LocalTime at) {
        ZonedDateTime candidate = now.with(at).withNano(0);
        return candidate.isAfter(now) ? candidate : now.plusDays(1).with(at).withNano(0);
    }

    public ZonedDateTime nextRun() {
        return next;
    }

    private void scheduleNext() {
        next = nextAfter(ZonedDateTime.now(clock), at);
        long delay = Math.max(0, Duration.between(ZonedDateTime.now(clock), next).toMillis());
        executor.schedule(this::fire, delay, TimeUnit.MILLISECONDS);
    }

    private void fire() {
        try {
            trigger.fire();
            LOG.info("scheduled backup requested");
        } catch (Exception e) {
            LOG.error("could not request the scheduled backup: {}", e.getMessage());
        } finally {
            scheduleNext();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
