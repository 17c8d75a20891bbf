package org.btrfssendbackup.receiver;

import java.io.IOException;
import java.util.Map;

/**
 * Where the receiver's KEY=value settings come from. The lead wires this to the shared
 * config parser of org.btrfssendbackup.core.config; until then {@link MinimalDefaultsFile}.
 */
@FunctionalInterface
public interface ReceiverConfigSource {

    /** The configured KEY=value pairs; an absent file gives an empty map. */
    Map<String, String> load() throws IOException;
}
