package org.btrfssendbackup.receiver.putstream;

import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.protocol.PutStreamReply;

/**
 * The outcome of a put-stream: the producer's reply plus the whole manifest, which the
 * StreamReceived event carries and the reply does not.
 */
public record PutStreamResult(PutStreamReply.Status status, Manifest manifest, long bytes, String sha256) {

    /** What the producer checks. */
    public PutStreamReply reply() {
        return new PutStreamReply(status, manifest.set(), manifest.snapshot(), manifest.streamFile(), bytes, sha256);
    }
}
