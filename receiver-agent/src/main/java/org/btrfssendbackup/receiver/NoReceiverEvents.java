package org.btrfssendbackup.receiver;

import java.time.Duration;

/** Publishes nothing: the receiver's events when no BROKER_URL is configured. */
public final class NoReceiverEvents implements ReceiverEvents {

    @Override
    public void streamReceived(PutStreamResult result, Duration elapsed) {
        // intentionally nothing
    }

    @Override
    public void commandRefused(String commandWord, String reason) {
        // intentionally nothing
    }
}
