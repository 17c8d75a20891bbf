package org.btrfssendbackup.producer;

import org.btrfssendbackup.messages.LocalHostName;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.btrfssendbackup.core.config.BackupSets;
import org.btrfssendbackup.core.config.BackupSets.BackupSet;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.messages.jms.StepSettings;
import org.btrfssendbackup.producer.broker.BrokerConnection;
import org.btrfssendbackup.producer.steps.ProducerTools;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import java.time.Instant;
import org.btrfssendbackup.producer.monitor.ProducerMetrics;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: one backup run now (the default command). */
@Command(name = "run", description = {"One backup run now (the default when no subcommand is given).",
                "Prints the run's event "
                + "timeline on stdout and waits for its end: BackupCompleted (exit 0) or the failure of a step on its "
                + "last delivery attempt (exit 1; the broker retries a failed step with backoff first, and then "
                + "dead-letters it: see the ops console)."})
final class RunCommand extends ProducerSubcommand {

    @Spec
    CommandSpec spec;

    @Option(names = "--set", paramLabel = "NAME",
            description = "back up only the backup set NAME (its BACKUP_SET); default: every set in sets.d, in order")
    String set;

    @Option(names = "--wait", description = "wait for LOCK_FILE when another run holds it, instead of exiting with 3")
    boolean waitForLock;

    @Option(names = "--force-full", description = "send a full stream even if an incremental is possible")
    boolean forceFull;

    @Option(names = "--json", description = "print only a one-line JSON summary on stdout")
    boolean json;

    @Option(names = "--progress", description = "print bytes sent, the expected total (the last stored stream of the "
            + "same kind), MB/s and ETA on stderr, at most once a second (default: when stderr is a terminal, "
            + "unless --json or -q)")
    boolean progress;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "give up (failed) after DURATION (e.g. 90m, 6h, 1d) instead of RUN_DEADLINE (default 6h)")
    Duration timeout;

    /** The old spelling (whole hours), kept so existing scripts still work; the one duration syntax is --timeout. */
    @Option(names = "--timeout-hours", paramLabel = "H", hidden = true)
    Long timeoutHours;

    @Override
    public Integer call() throws Exception {
        if (timeout != null && timeoutHours != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout and --timeout-hours: give only one");
        }
        Duration runTimeout = timeout != null ? timeout : timeoutHours == null ? null : Duration.ofHours(timeoutHours);
        List<BackupSet> all = sets();
        List<BackupSet> sets;
        try {
            sets = BackupSets.select(all, Optional.ofNullable(set));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--set: " + e.getMessage());
        }
        for (BackupSet s : sets) {
            SecretFiles.check(s.config());
        }
        OneShotRun.Options options = new OneShotRun.Options(waitForLock, forceFull, json,
                runTimeout, StepSettings.defaults(), main.quiet, main.journal);
        int status;
        if (sets.size() == 1) {
            // One set (the seed's prod.conf, or --set): exactly the single run of before.
            status = oneShot(sets.get(0).config(), options).run();
        } else {
            status = new BackupSetsRun(sets, sets.get(0).config().lockFile(), Clock.systemDefaultZone(), waitForLock,
                    main.quiet, main.err).run((s, lock) -> oneShot(s.config(), options).runHolding(lock));
        }
        writeTextfile(all);
        return status;
    }

    /** The textfile with every set, also after a locked-out run: the verdicts age with the clock. */
    private void writeTextfile(List<BackupSet> all) {
        ProducerMetrics.writeTextfile(all.stream().map(BackupSet::config).toList(), LocalHostName.get(), Instant.now(),
                w -> main.err.println("warning: " + w));
    }

    private OneShotRun oneShot(ProducerConfig loaded, OneShotRun.Options options) {
        ProducerTools tools = ProducerTools.production(loaded, new LocalProcessRunner(), LocalHostName.get());
        if (progress || (StderrTerminal.isStderr() && !json && !main.quiet)) {
            tools = tools.withProgress(main.err);
        }
        return new OneShotRun(loaded, tools, () -> BrokerConnection.open(loaded, main.brokerDir), options,
                main.out, main.err);
    }

}
