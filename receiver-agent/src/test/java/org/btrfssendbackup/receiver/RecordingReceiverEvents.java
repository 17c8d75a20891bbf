package org.btrfssendbackup.receiver;

import java.util.ArrayList;
import java.util.List;
import org.btrfssendbackup.core.manifest.Manifest;

/** Records what the receiver would publish, for assertions. */
final class RecordingReceiverEvents implements ReceiverEvents {

    final List<String> received = new ArrayList<>();
    final List<String> refused = new ArrayList<>();

    @Override
    public void streamReceived(Manifest manifest, boolean alreadyStored) {
        received.add(manifest.streamFile() + (alreadyStored ? " already-stored" : " stored"));
    }

    @Override
    public void commandRefused(String commandExcerpt, String reason) {
        refused.add(commandExcerpt + " -> " + reason);
    }
}
