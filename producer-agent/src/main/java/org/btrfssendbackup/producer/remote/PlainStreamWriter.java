package org.btrfssendbackup.producer.remote;

import java.io.IOException;
import java.io.OutputStream;

/** Writes the whole plain send stream to the transport and says how much and what (bytes, sha256). */
@FunctionalInterface
public interface PlainStreamWriter {
    SentStream writeTo(OutputStream transport) throws IOException;
}
