package org.btrfssendbackup.producer.quiesce;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.tools.CliSystemctl;
import org.btrfssendbackup.producer.testing.RecordingSystemctl;

/**
 * A producer to kill: runs the quiesce window with the FAKE systemctl/systemd-run journaling
 * every call to a file, says IN-WINDOW on stdout once the services are stopped, and then waits
 * inside the window until it is killed. Used by {@link ProducerKilledInsideTheWindowTest} in a
 * child JVM. Arguments: JOURNAL QUIESCE_MAX_SECONDS UNIT...
 */
public final class QuiesceVictim {

    private QuiesceVictim() {
    }

    public static void main(String[] args) throws Exception {
        RecordingSystemctl fake = new RecordingSystemctl().journalTo(Path.of(args[0]));
        ServiceQuiescer quiescer = new ServiceQuiescer(new CliSystemctl(new LocalProcessRunner(fake)), Clock.systemUTC(),
                Duration.ofSeconds(Long.parseLong(args[1])));
        List<String> units = Arrays.asList(args).subList(2, args.length);
        quiescer.whileStopped("victim-run", units, "prod.conf:20", () -> {
            System.out.println("IN-WINDOW");
            System.out.flush();
            Thread.sleep(120_000);
        }, fact -> { });
        System.out.println("WINDOW-CLOSED");
    }
}
