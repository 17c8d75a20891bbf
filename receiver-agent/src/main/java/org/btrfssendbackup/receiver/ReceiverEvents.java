package org.btrfssendbackup.receiver;

import org.btrfssendbackup.core.manifest.Manifest;

/**
 * Port to the event backbone (StreamReceived, CommandRefused). The lead wires it to the
 * broker; implementations must not throw into the receiver and must never block storing:
 * a stream is stored and confirmed whether or not the broker is reachable.
 */
public interface ReceiverEvents {

    /** A put-stream stored a new stream, or recognised an identical re-send. */
    void streamReceived(Manifest manifest, boolean alreadyStored);

    /**
     * @param commandExcerpt the refused command, shortened and escaped (untrusted text)
     * @param reason why it was refused
     */
    void commandRefused(String commandExcerpt, String reason);
}
