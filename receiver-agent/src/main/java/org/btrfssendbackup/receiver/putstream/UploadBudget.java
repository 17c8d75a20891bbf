package org.btrfssendbackup.receiver.putstream;

import java.util.Optional;
import org.btrfssendbackup.core.config.UploadLimits;

/**
 * How far one put-stream may go on backup-srv's disk (MAX_STREAM_BYTES, RESERVE_FREE_BYTES):
 * pure, so every limit is a table row. The receiver asks {@link #refusedUpFront} before it
 * creates anything and {@link #cut} for every chunk it reads.
 *
 * <p>Free space is what the filesystem reported at its last look (statfs) minus what the upload
 * has read since: data still queued or in the page cache does not show in the filesystem's
 * figure for a while, and other writers (or the pruner freeing space) show at the next look.
 * With no reserve ({@code RESERVE_FREE_BYTES=0}) free space is left to the kernel (ENOSPC).
 *
 * @param limits     the configured limits
 * @param totalBytes the size of BACKUP_ROOT's filesystem (a percentage reserve is of this)
 */
public record UploadBudget(UploadLimits limits, long totalBytes) {

    public long reserve() {
        return limits.reserveOf(totalBytes);
    }

    /** Why no upload may start with {@code usableBytes} free, or empty when it may. */
    public Optional<String> refusedUpFront(long usableBytes) {
        if (usableBytes <= reserve()) {
            return Optional.of(usableBytes + " bytes free, not more than the free-space reserve "
                    + UploadLimits.RESERVE_FREE_BYTES + "=" + limits.reserveText() + " (" + reserve()
                    + " bytes, kept for the pruner and the manifests)");
        }
        return Optional.empty();
    }

    /**
     * Why the upload must be cut once it has read {@code bytesRead} bytes, or empty while it may go on.
     *
     * @param bytesReadAtStatfs what the upload had read when the filesystem was last asked
     * @param usableAtStatfs    free bytes the filesystem reported then
     */
    public Optional<String> cut(long bytesRead, long bytesReadAtStatfs, long usableAtStatfs) {
        if (limits.maxStreamBytes().isPresent() && bytesRead > limits.maxStreamBytes().getAsLong()) {
            return Optional.of("the upload is larger than " + UploadLimits.MAX_STREAM_BYTES + "="
                    + limits.maxStreamBytes().getAsLong() + " bytes, backup-srv's limit for one stream");
        }
        long free = usableAtStatfs - (bytesRead - bytesReadAtStatfs);
        if (reserve() > 0 && free < reserve()) {
            return Optional.of("storing it would leave less than the free-space reserve "
                    + UploadLimits.RESERVE_FREE_BYTES + "=" + limits.reserveText() + " (" + reserve()
                    + " bytes, kept for the pruner and the manifests); " + usableAtStatfs + " bytes were free after "
                    + bytesReadAtStatfs + " bytes");
        }
        return Optional.empty();
    }
}
