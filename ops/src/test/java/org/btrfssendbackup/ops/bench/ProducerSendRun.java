package org.btrfssendbackup.ops.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.tools.SshArgs;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.SnapshotCreated;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.StreamSent;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.producer.steps.ProducerRuntime;
import org.btrfssendbackup.producer.steps.ProducerTools;
import org.btrfssendbackup.producer.steps.SendStep;
import org.btrfssendbackup.producer.upload.SshStreamUploader;

/**
 * The producer's send, alone in its own JVM so that its heap bound is measured: a prod.conf
 * read by the real parser, the production tools ({@link ProducerTools#production}), and the
 * real {@link SendStep} handling one SnapshotCreated (list, btrfs send, zstd, OpenPGP,
 * put-stream, reply check), exactly as the agent does. Prints one line
 * {@code RESULT key=value ...} on stdout; the logs go to stderr.
 *
 * <p>Arguments: PROD_CONF SNAPSHOT_NAME [SSH_CIPHER]. The cipher is not a producer setting
 * (ssh uses its default); it exists to show what one would change.
 */
public final class ProducerSendRun {

    private ProducerSendRun() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: ProducerSendRun PROD_CONF SNAPSHOT_NAME [SSH_CIPHER]");
            System.exit(2);
        }
        ProducerConfig config = ProducerConfig.load(Path.of(args[0]));
        SnapshotName name = SnapshotName.parse(args[1]);
        LocalProcessRunner runner = new LocalProcessRunner();
        ProducerTools tools = ProducerTools.production(config, runner, "bench-prod-srv");
        if (args.length == 3) {
            tools = tools.withUploader(new SshStreamUploader(runner, sshArgs(config).withCipher(args[2])));
        }
        ProducerRuntime runtime = new ProducerRuntime(config, tools, new RunLock(config.lockFile(), Clock.systemUTC()),
                fact -> { });
        SnapshotCreated created = new SnapshotCreated(name.value(), config.sourceSubvolume().toString(),
                runtime.snapshotPath(name).toString(), SnapshotKind.FULL, null, null, 0);
        EventEnvelope trigger = EventEnvelope.create(created, "bench-prod-srv", config.backupSet(),
                EventEnvelope.newRunId(), null);

        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        List<EventEnvelope> facts = new SendStep(runtime).handle(trigger, created);
        long wall = System.nanoTime() - start;
        StreamSent sent = (StreamSent) facts.get(0).payload();
        if (sent.alreadyStored()) {
            throw new IllegalStateException("benchmark send of " + name + ": the receiver already stored it");
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("RESULT wallNanos=%d uploadMillis=%d storedBytes=%d sha256=%s jvmCpuNanos=%d heapMax=%d heapPeak=%d gcs=%d%n",
                wall, sent.durationMillis(), sent.bytes(), sent.sha256(), os.getProcessCpuTime(), Runtime.getRuntime().maxMemory(),
                peakHeapBytes(), gcCount());
    }

    /** As {@link ProducerTools#production} builds it, to add the cipher. */
    private static SshArgs sshArgs(ProducerConfig config) {
        SshArgs ssh = SshArgs.to(config.sshTarget());
        if (config.sshPort().isPresent()) {
            ssh = ssh.withPort(config.sshPort().getAsInt());
        }
        Optional<Path> identity = config.sshIdentityFile();
        if (identity.isPresent()) {
            ssh = ssh.withIdentityFile(identity.get());
        }
        if (config.sshKnownHosts().isPresent()) {
            ssh = ssh.withKnownHostsFile(config.sshKnownHosts().get());
        }
        return ssh;
    }

    /** Sum of the heap pools' peaks: an upper bound of the heap in use at any moment, garbage included. */
    private static long peakHeapBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }
}
