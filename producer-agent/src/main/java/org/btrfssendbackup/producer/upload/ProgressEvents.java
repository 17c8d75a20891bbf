package org.btrfssendbackup.producer.upload;

import java.io.OutputStream;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.TransferProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the bytes of a transfer on their way to the transport and hands a TransferProgress
 * event to {@code emit} at a bounded rate: the first once the transfer has run one interval
 * (ten seconds), then at most one per interval, so a short transfer has none and a six-hour one
 * about two thousand. The expected total is asked for once, at the first event (a listing of
 * the receiver costs an ssh call: only a long transfer pays it). A failure to emit never fails
 * the transfer: the event is for watching, not for the backup.
 */
public final class ProgressEvents extends ThrottledByteCount {

    public static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(ProgressEvents.class);

    private final String snapshot;
    private final SnapshotKind kind;
    private final Supplier<OptionalLong> expectedTotal;
    private final Consumer<TransferProgress> emit;
    private OptionalLong expected;

    public ProgressEvents(OutputStream out, String snapshot, SnapshotKind kind, Supplier<OptionalLong> expectedTotal,
                          Consumer<TransferProgress> emit) {
        this(out, snapshot, kind, expectedTotal, emit, System::nanoTime, INTERVAL);
    }

    ProgressEvents(OutputStream out, String snapshot, SnapshotKind kind, Supplier<OptionalLong> expectedTotal,
                   Consumer<TransferProgress> emit, LongSupplier nanoTime, Duration interval) {
        super(out, nanoTime, interval);
        this.snapshot = snapshot;
        this.kind = kind;
        this.expectedTotal = expectedTotal;
        this.emit = emit;
    }

    @Override
    protected void tick(long bytesSoFar, long elapsedNanos) {
        try {
            if (expected == null) {
                expected = expectedTotal.get();
            }
            emit.accept(new TransferProgress(snapshot, kind, bytesSoFar,
                    expected.isPresent() ? expected.getAsLong() : null, elapsedNanos / 1_000_000));
        } catch (RuntimeException e) {
            LOG.debug("progress event of {} not emitted: {}", snapshot, e.toString());
        }
    }
}
