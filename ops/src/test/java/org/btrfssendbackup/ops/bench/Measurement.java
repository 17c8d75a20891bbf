package org.btrfssendbackup.ops.bench;

import java.util.OptionalLong;

/**
 * One variant's figures.
 *
 * @param wallNanos   from the first byte sent to the last byte stored and acknowledged
 * @param senderCpuNanos   CPU of the sending side: the pipeline's processes, or the producer JVM
 *                         with its btrfs and ssh children
 * @param receiverCpuNanos CPU of everything the ssh connections ran on the receiving side
 *                         (sshd's session processes, cat or the receiver JVM); 0 without ssh
 * @param storedBytes the stored file's size; empty when nothing is stored
 */
record Measurement(String name, long wallNanos, long senderCpuNanos, long receiverCpuNanos,
                   OptionalLong storedBytes) {

    Measurement {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a measurement needs a name");
        }
        if (wallNanos <= 0 || senderCpuNanos < 0 || receiverCpuNanos < 0) {
            throw new IllegalArgumentException("measurement " + name + ": times must be wall > 0, cpu >= 0; got wall="
                    + wallNanos + " sender=" + senderCpuNanos + " receiver=" + receiverCpuNanos);
        }
    }

    /** Megabytes (10^6) of the send stream per wall second. */
    double megabytesPerSecond(long sendStreamBytes) {
        return sendStreamBytes / 1e6 / (wallNanos / 1e9);
    }

    double wallSeconds() {
        return wallNanos / 1e9;
    }

    double cpuSeconds() {
        return (senderCpuNanos + receiverCpuNanos) / 1e9;
    }
}
