package org.btrfssendbackup.producer.quiesce;

import java.time.Instant;
import java.util.List;

/** A quiesced service did not start again: an outage the operator must fix now. */
public final class ServicesNotRestartedException extends RuntimeException {
    public ServicesNotRestartedException(List<String> units, Instant downSince) {
        super("services " + String.join(" ", units) + " did not start again after the snapshot (down since "
                + downSince + "); start them by hand: systemctl start " + String.join(" ", units));
    }
}
