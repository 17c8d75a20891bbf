package org.btrfssendbackup.pruner;

import java.net.InetSocketAddress;
import org.btrfssendbackup.core.metrics.MetricsServer;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.schedule.DailySchedule;
import org.btrfssendbackup.messages.LocalHostName;
import jakarta.jms.ConnectionFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.btrfssendbackup.core.config.ReceiverConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code btrfs-backup-prune service}: the long-running pruner-agent (systemd unit btrfs-backup-pruner.service). */
@Command(name = "service", description = {
            "Runs the pruner-agent until SIGTERM: a daily prune of every set, and one on request.",
            "Prunes every set under BACKUP_ROOT once a day, and a set whenever a",
            "PruneRequested event arrives on the broker's pruner-agent queue (BROKER_URL,",
            "BROKER_USER, BROKER_PASSWORD_FILE in the config file; without BROKER_URL:",
            "schedule only, no events).",
            "The policy is always this host's KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY from the",
            "config file; a request only names the set (and may ask for a dry run).",
            ""},
        exitCodeList = {
            "0:stopped by SIGTERM",
            "1:could not start (the broker refused the connection or the queue)",
            "2:usage or configuration error"})
final class ServiceCommand extends PrunerSubcommand {

    @Option(names = "--at", paramLabel = "HH:MM", defaultValue = "04:17",
            description = "Daily prune time, local time (default: ${DEFAULT-VALUE}, the seed's cron time).")
    String at;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = err();
        Path file = configFile();
        PrunerServiceSettings settings;
        Optional<ConnectionFactory> broker;
        Optional<InetSocketAddress> metricsListen;
        try {
            ReceiverConfig receiverConfig = BackupSrvConfig.load(file);
            metricsListen = receiverConfig.monitor().metricsListen();
            settings = PrunerServiceSettings.from(receiverConfig, LocalHostName.get(), DailySchedule.parse(at));
            broker = BackupSrvConfig.broker(receiverConfig);
        } catch (RuntimeException e) {
            err.println("btrfs-backup-prune service: configuration: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        PrunerService service = new PrunerService(settings, broker);
        MetricsServer metrics;
        try {
            service.start();
            metrics = metricsListen.isPresent() ? MetricsServer.start(metricsListen.get(), service::metrics) : null;
        } catch (Exception e) {
            err.println("btrfs-backup-prune service: cannot start: " + e.getMessage());
            service.close();
            return ExitCodes.FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (metrics != null) {
                metrics.close();
            }
            service.close();
            stopped.countDown();
        }, "pruner-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}
