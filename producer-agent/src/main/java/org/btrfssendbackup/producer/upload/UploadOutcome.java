package org.btrfssendbackup.producer.upload;

import org.btrfssendbackup.core.protocol.PutStreamReply;
import org.btrfssendbackup.core.stream.EncodedStream;

/** What the producer sent and what the receiver says it stored; {@link ReplyCheck} compares them. */
public record UploadOutcome(EncodedStream sent, PutStreamReply reply) {
}
