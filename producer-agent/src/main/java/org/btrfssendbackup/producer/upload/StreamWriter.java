package org.btrfssendbackup.producer.upload;

import java.io.IOException;
import java.io.OutputStream;
import org.btrfssendbackup.core.stream.EncodedStream;

/** Writes the whole encoded stream to the transport and says what it wrote. */
@FunctionalInterface
public interface StreamWriter {
    EncodedStream writeTo(OutputStream transport) throws IOException;
}
