package org.btrfssendbackup.broker;

import java.time.Instant;
import java.util.Objects;

/**
 * One message on the dead-letter queue, as the console shows it.
 *
 * @param messageId        broker message id, the handle for {@link DeadLetters#retry(long)}
 * @param eventId          the event id (duplicate-detection id); null if the message had none
 * @param type             the {@code type} property; null for a message without one
 * @param backupSet        the {@code backupSet} property, or null
 * @param originalAddress  where it was published, e.g. backup.events
 * @param originalQueue    the queue whose consumer failed; retry sends it back there only.
 *                         Null when a client sent it to the dead-letter address itself.
 * @param deliveryCount    deliveries before it was dead-lettered: the address' maximum for
 *                         messages the broker moved, 1 for messages a consumer refused on
 *                         sight (they carry a {@code deadLetterReason})
 * @param deadLetterReason why a consumer dead-lettered it (unknown type, malformed JSON), or
 *                         null when the broker moved it after the last failed attempt
 * @param timestamp        when it was originally published
 * @param body             the text body (the event JSON), or null for non-text messages
 * @param host             the {@code host} property (the emitting host), or null
 */
public record DeadLetter(
        long messageId,
        String eventId,
        String type,
        String backupSet,
        String originalAddress,
        String originalQueue,
        int deliveryCount,
        String deadLetterReason,
        Instant timestamp,
        String body,
        String host) {

    public DeadLetter {
        Objects.requireNonNull(timestamp, "dead letter: timestamp");
        if (deliveryCount < 0) {
            throw new IllegalArgumentException("dead letter " + messageId + ": negative delivery count " + deliveryCount);
        }
    }

    /** A letter whose host is not known. */
    public DeadLetter(long messageId, String eventId, String type, String backupSet, String originalAddress,
                      String originalQueue, int deliveryCount, String deadLetterReason, Instant timestamp, String body) {
        this(messageId, eventId, type, backupSet, originalAddress, originalQueue, deliveryCount, deadLetterReason, timestamp,
                body, null);
    }
}
