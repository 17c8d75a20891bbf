package org.btrfssendbackup.receiver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records what the receiver would publish, for assertions. */
final class RecordingReceiverEvents implements ReceiverEvents {

    final List<String> received = new ArrayList<>();
    final List<String> refused = new ArrayList<>();

    @Override
    public void streamReceived(PutStreamResult result, Duration elapsed) {
        received.add(result.manifest().streamFile() + " " + result.status().token());
    }

    @Override
    public void commandRefused(String commandWord, String reason) {
        refused.add(commandWord + " -> " + reason);
    }
}
