package org.btrfssendbackup.receiver;

import java.time.Duration;

/**
 * Port to the event backbone (StreamReceived, CommandRefused): {@link BrokerReceiverEvents}
 * when a broker is configured, {@link NoReceiverEvents} otherwise. Implementations must not
 * throw into the receiver and must never block storing: a stream is stored and confirmed
 * whether or not the broker is reachable.
 */
public interface ReceiverEvents {

    /**
     * A put-stream stored a new stream, or recognised an identical re-send.
     *
     * @param result  the stored stream's manifest, its size and sha256 as checked now, and
     *                whether it was already stored
     * @param elapsed wall time of the command, upload included
     */
    void streamReceived(PutStreamResult result, Duration elapsed);

    /**
     * @param commandWord the first word of the refused command, sanitised (untrusted text;
     *                    the rest of the line and stdin are never passed on)
     * @param reason      why it was refused, one line
     */
    void commandRefused(String commandWord, String reason);
}
