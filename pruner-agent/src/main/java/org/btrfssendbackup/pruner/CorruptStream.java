package org.btrfssendbackup.pruner;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.StreamCorrupt;

/**
 * A check (scrub or pre-deletion) found a stored stream damaged.
 *
 * @param unrestorable the snapshots whose chain needs it (itself included), oldest first
 */
public record CorruptStream(BackupSetName set, StreamFileName file, String problem, Optional<String> expectedSha256,
                            Optional<String> actualSha256, List<String> unrestorable) {

    public CorruptStream {
        Objects.requireNonNull(set, "corrupt stream: set");
        Objects.requireNonNull(file, "corrupt stream: file");
        Objects.requireNonNull(problem, "corrupt stream: problem");
        unrestorable = List.copyOf(unrestorable);
    }

    public String snapshot() {
        return file.snapshot().value();
    }

    public String describe() {
        return set + "/" + file.value() + ": " + problem + "; unrestorable now: " + String.join(", ", unrestorable);
    }

    /** @param trigger the event that caused the check (its run is kept), or null */
    EventEnvelope event(String host, EventEnvelope trigger) {
        StreamCorrupt payload = new StreamCorrupt(snapshot(), set.value() + "/" + file.value(), problem,
                expectedSha256.orElse(null), actualSha256.orElse(null), unrestorable);
        return trigger != null ? trigger.followUp(payload, host) : EventEnvelope.create(payload, host, set.value(), null, null);
    }
}
