package org.btrfssendbackup.ops.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.messages.DecodeResult;
import org.btrfssendbackup.messages.EventCodec;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.SnapshotCreated;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.StreamSent;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.producer.steps.ProducerRuntime;
import org.btrfssendbackup.producer.steps.ProducerTools;
import org.btrfssendbackup.producer.steps.SendStep;

/**
 * The producer's send, alone in its own JVM so that its heap bound is measured: a prod.conf
 * read by the real parser, the production tools ({@link ProducerTools#production}), and the
 * real {@link SendStep} handling one SnapshotCreated (list, btrfs send, zstd, OpenPGP,
 * put-stream, reply check), exactly as the agent does. Prints one line
 * {@code RESULT key=value ...} on stdout; the logs go to stderr.
 *
 * <p>Arguments: [--warm-up WARM_UP_CONF SSHD_PID] PROD_CONF SNAPSHOT_NAME. With --warm-up the
 * snapshot is first sent into the warm-up config's set, in the same JVM, and only the second
 * send is measured (the producer service's case); its CPU (this JVM with its btrfs and ssh
 * children, and the receiving side below sshd) is then reported for the second send alone.
 */
public final class ProducerSendRun {

    private ProducerSendRun() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        Optional<Path> warmUpConf = Optional.empty();
        long sshdPid = -1;
        if (rest.size() >= 4 && rest.get(0).equals("--warm-up")) {
            warmUpConf = Optional.of(Path.of(rest.get(1)));
            sshdPid = Long.parseLong(rest.get(2));
            rest = rest.subList(3, rest.size());
        }
        if (rest.size() != 2) {
            System.err.println("usage: ProducerSendRun [--warm-up WARM_UP_CONF SSHD_PID] PROD_CONF SNAPSHOT_NAME");
            System.exit(2);
        }
        SnapshotName name = SnapshotName.parse(rest.get(1));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = 0;
        long receiverBefore = 0;
        if (warmUpConf.isPresent()) {
            // the service's case: the same send into another set first, so the measured one runs
            // on a JVM that has loaded and compiled everything, as on its second night
            prepare(warmUpConf.get(), name).send();
            // untimed, as the benchmark does between variants: the warm-up's disk work is done
            new LocalProcessRunner().run(CommandLine.of("sync"));
            cpuBefore = os.getProcessCpuTime() + CpuTimes.ownReapedChildrenNanos();
            receiverBefore = CpuTimes.reapedChildrenNanos(sshdPid);
        }
        // opt-in: polling /proc costs CPU of its own (~0.1 s a run)
        CpuTimes.ThreadSampler sampler = System.getenv("BENCH_THREAD_CPU") != null ? new CpuTimes.ThreadSampler() : null;
        HeapPeak heap = HeapPeak.start();
        Prepared measured = prepare(Path.of(rest.get(0)), name);
        long start = System.nanoTime();
        StreamSent sent = measured.send();
        long wall = System.nanoTime() - start;
        if (sampler != null) {
            sampler.close();
            sampler.nanosByName().forEach((thread, nanos) -> {
                if (nanos > 0) {
                    System.out.printf(Locale.ROOT, "THREAD %-24s %6.2f s%n", thread, nanos / 1e9);
                }
            });
        }
        String warm = "";
        if (warmUpConf.isPresent()) {
            long sendCpu = os.getProcessCpuTime() + CpuTimes.ownReapedChildrenNanos() - cpuBefore;
            long receiverCpu = CpuTimes.reapedChildrenNanos(sshdPid) - receiverBefore;
            warm = " warmSendCpuNanos=" + sendCpu + " warmReceiverCpuNanos=" + receiverCpu;
        }
        System.out.printf("RESULT wallNanos=%d uploadMillis=%d storedBytes=%d sha256=%s jvmCpuNanos=%d heapMax=%d heapPeak=%d gcs=%d%s%n",
                wall, sent.durationMillis(), sent.bytes(), sent.sha256(), os.getProcessCpuTime(), Runtime.getRuntime().maxMemory(),
                heap.peakBytes(), heap.collectionsSinceStart(), warm);
        heap.close();
    }

    /**
     * One SnapshotCreated for the real SendStep with the production tools, prepared as the agent
     * has it when the step starts: configuration loaded, tools built, the event decoded from its
     * JSON by the real codec (so Jackson is as warm as in the agent).
     */
    private record Prepared(SendStep step, EventEnvelope trigger, SnapshotCreated created) {
        StreamSent send() throws Exception {
            List<EventEnvelope> facts = step.handle(trigger, created);
            StreamSent sent = (StreamSent) facts.get(0).payload();
            if (sent.alreadyStored()) {
                throw new IllegalStateException("benchmark send of " + created.snapshot() + ": already stored");
            }
            return sent;
        }
    }

    private static Prepared prepare(Path conf, SnapshotName name) throws Exception {
        ProducerConfig config = ProducerConfig.load(conf);
        ProducerTools tools = ProducerTools.production(config, new LocalProcessRunner(), "bench-prod-srv");
        ProducerRuntime runtime = new ProducerRuntime(config, tools, new RunLock(config.lockFile(), Clock.systemUTC()),
                fact -> { });
        SnapshotCreated created = new SnapshotCreated(name.value(), config.sourceSubvolume().toString(),
                runtime.snapshotPath(name).toString(), SnapshotKind.FULL, null, null, 0);
        EventCodec codec = new EventCodec();
        DecodeResult decoded = codec.decode(codec.encode(EventEnvelope.create(created, "bench-prod-srv",
                config.backupSet(), EventEnvelope.newRunId(), null)));
        if (!(decoded instanceof DecodeResult.Decoded ok)) {
            throw new IllegalStateException("benchmark: the event codec refused SnapshotCreated: " + decoded);
        }
        return new Prepared(new SendStep(runtime), ok.envelope(), (SnapshotCreated) ok.envelope().payload());
    }
}
