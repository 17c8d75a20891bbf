package org.btrfssendbackup.broker;

import java.nio.charset.StandardCharsets;

/**
 * The event id a message carries as Artemis' duplicate id ({@code _AMQ_DUPL_ID}), read back as
 * text. The publisher sets it as a string, but a message that went through the core protocol
 * (a bridge, a divert, a management copy) may carry it as the UTF-8 bytes of that string.
 */
final class DuplicateIds {

    private DuplicateIds() {
    }

    /** The id as text, or null when the message has none. */
    static String text(Object duplicateId) {
        if (duplicateId instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return duplicateId == null ? null : duplicateId.toString();
    }
}
