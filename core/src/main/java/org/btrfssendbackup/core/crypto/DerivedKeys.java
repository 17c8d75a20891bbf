package org.btrfssendbackup.core.crypto;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiFunction;
import org.btrfssendbackup.core.worker.WorkerStop;

/**
 * Keys of stored files derived ahead, on one background thread ({@code restore-s2k}): the
 * iterated S2K hashes 65 MB per file (~45 ms in a warm JVM, ~180 ms in a cold one), so a
 * restore from local files derives link i+1's key while link i is received, and the first
 * link's while the target is checked. The decryptor ({@link OpenPgpDecryptor}) takes a key only
 * when it was derived for the very S2K parameters of the key packet it reads (digest, key size,
 * salt, count; never matched by file name) with the same passphrase; anything else (another
 * shape, a read error ahead, a prefetch not made) is derived on the spot as before, and every
 * error is reported by that normal path.
 *
 * <p>A key is handed over once ({@link #take}: the caller wipes it); {@link #close()} stops the
 * thread (a derivation under way gives up at its next 64 KiB; it is a daemon thread too) and
 * wipes every key not taken. A wrong passphrase yields a wrong key here, which the decryptor's quick check
 * refuses as before: before {@code btrfs receive} starts, with the same message.
 */
public final class DerivedKeys implements AutoCloseable {
    /** The background thread's name (one per restore from local files). */
    public static final String THREAD_NAME = "restore-s2k";
    /** The headers before the encrypted data: markers, the key packet, the SEIPD header. */
    private static final int HEAD_BYTES = 512;
    private static final DerivedKeys NONE = new DerivedKeys(null, null, false);

    private final Passphrase passphrase;
    private final BiFunction<FastDecryption.KeyPacket, Passphrase, byte[]> derivation;
    /** The one background thread (null for {@link #none()}): takes the queued files in order. */
    private final Thread thread;
    private final BlockingQueue<Path> queued = new LinkedBlockingQueue<>();
    private final Map<FastDecryption.S2kParameters, Future<byte[]>> ahead = new HashMap<>();
    /** Keys nobody will take, wiped by close() (or abandon()) or, when one was still being derived, by its task. */
    private final List<Future<byte[]>> abandoned = new ArrayList<>();
    private volatile boolean closed;

    private DerivedKeys(Passphrase passphrase, BiFunction<FastDecryption.KeyPacket, Passphrase, byte[]> derivation,
            boolean inBackground) {
        this.passphrase = passphrase;
        this.derivation = derivation;
        this.thread = !inBackground ? null : new Thread(this::deriveQueued, THREAD_NAME);
        if (thread != null) {
            thread.setDaemon(true);
        }
    }

    /** Derives nothing ahead: every key is derived when the decryptor needs it. */
    public static DerivedKeys none() {
        return NONE;
    }

    /** Derives ahead with {@code passphrase}, which must stay open until this is closed. */
    public static DerivedKeys inBackground(Passphrase passphrase) {
        return inBackground(passphrase, null);
    }

    /** With another derivation (null: the real one), for tests that count or hold derivations. */
    static DerivedKeys inBackground(Passphrase passphrase,
            BiFunction<FastDecryption.KeyPacket, Passphrase, byte[]> derivation) {
        if (passphrase == null) {
            throw new IllegalArgumentException("keys derived ahead need a passphrase");
        }
        DerivedKeys keys = new DerivedKeys(passphrase, derivation, true);
        keys.thread.start();
        return keys;
    }

    /** The real derivation gives up when the keys are closed: a key nobody will take. */
    private byte[] derive(FastDecryption.KeyPacket key) {
        return derivation != null ? derivation.apply(key, passphrase) : key.deriveKey(passphrase, () -> closed);
    }

    /**
     * Queues the derivation of {@code storedFile}'s key: its first bytes are read and parsed on
     * the background thread. A file of another shape, or one that cannot be read, is skipped
     * silently (the restore reads it again and reports the problem). Does nothing on {@link #none()}.
     */
    public void prefetch(Path storedFile) {
        if (thread == null) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            queued.add(storedFile);
        }
    }

    /** The background thread: derives the queued files' keys until close() interrupts it. */
    private void deriveQueued() {
        try {
            while (!closed) {
                deriveAhead(queued.take());
            }
        } catch (InterruptedException e) {
            // closed: nothing more is derived ahead
        }
    }

    private void deriveAhead(Path storedFile) {
        FastDecryption.KeyPacket key;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(storedFile, LinkOption.NOFOLLOW_LINKS),
                HEAD_BYTES)) {
            FastDecryption.Start start = FastDecryption.readStart(in);
            if (start == null) {
                return;
            }
            key = start.key();
        } catch (IOException | RuntimeException e) {
            return; // the decryptor meets the same problem on the normal path and names it
        }
        FastDecryption.S2kParameters parameters = key.parameters();
        FutureTask<byte[]> derived;
        synchronized (this) {
            if (closed || ahead.containsKey(parameters)) {
                return;
            }
            derived = new FutureTask<>(() -> derive(key));
            ahead.put(parameters, derived);
        }
        derived.run(); // on this background thread; take() waits for it
        synchronized (this) {
            if (abandoned.contains(derived)) {
                wipe(derived); // close() came, or its taker gave up, while it was derived
            }
        }
    }

    /**
     * The key for {@code key} with {@code passphrase}: the one derived ahead when its parameters
     * match (waiting for it when its derivation is under way), else derived now. The caller owns
     * (and wipes) the result.
     */
    byte[] take(FastDecryption.KeyPacket key, Passphrase passphrase) {
        Future<byte[]> derived = null;
        if (thread != null && passphrase == this.passphrase) {
            synchronized (this) {
                derived = closed ? null : ahead.remove(key.parameters());
            }
        }
        if (derived != null) {
            try {
                byte[] ready = derived.get();
                if (ready != null) {
                    return ready;
                }
            } catch (ExecutionException | CancellationException e) {
                // derived again below: the normal path names any real problem
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abandon(derived);
            }
        }
        return key.deriveKey(passphrase);
    }

    /** Stops the background thread (a derivation under way gives up) and wipes every key not taken. */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        synchronized (this) {
            closed = true;
            abandoned.addAll(ahead.values());
            ahead.clear();
        }
        // a read ahead ends at once; a derivation under way stops at its next batch
        thread.interrupt();
        WorkerStop.join(thread, WorkerStop.WAIT);
        synchronized (this) {
            abandoned.forEach(DerivedKeys::wipe); // one still under way wipes its own as it ends
        }
    }

    /** A key nobody will take: wiped now if done, else by its task as it ends. */
    private synchronized void abandon(Future<byte[]> derived) {
        abandoned.add(derived);
        wipe(derived);
    }

    private static void wipe(Future<byte[]> derived) {
        if (!derived.isDone() || derived.isCancelled()) {
            return;
        }
        try {
            byte[] key = derived.get();
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        } catch (ExecutionException | InterruptedException e) {
            // no key to wipe
        }
    }
}
