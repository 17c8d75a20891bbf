package org.btrfssendbackup.receiver;

import org.btrfssendbackup.core.manifest.Manifest;

/** Publishes nothing: the receiver's default until the lead wires the broker adapter. */
public final class NoReceiverEvents implements ReceiverEvents {

    @Override
    public void streamReceived(Manifest manifest, boolean alreadyStored) {
        // intentionally nothing
    }

    @Override
    public void commandRefused(String commandExcerpt, String reason) {
        // intentionally nothing
    }
}
