package org.btrfssendbackup.ops.console;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.btrfssendbackup.broker.DeadLetter;

/**
 * A dead letter with the last known reason it failed.
 *
 * @param letter       the message on the dead-letter queue
 * @param lastFailure  the reason, or null when neither the message nor the audit log says
 * @param reasonSource where the reason came from: {@code deadLetterReason} (the consumer
 *                     refused the message on sight) or {@code StepFailed} (the newest failure
 *                     event for it in the audit log); null without a reason
 */
public record DeadLetterView(DeadLetter letter, String lastFailure, String reasonSource) {

    public static final String FROM_CONSUMER = "deadLetterReason";
    public static final String FROM_STEP_FAILED = "StepFailed";

    public DeadLetterView {
        Objects.requireNonNull(letter, "dead letter view: letter");
        if ((lastFailure == null) != (reasonSource == null)) {
            throw new IllegalArgumentException("dead letter view " + letter.messageId() + ": reason and its source go together");
        }
    }

    /** The fields for --json output. */
    public Map<String, Object> jsonFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("messageId", letter.messageId());
        fields.put("eventId", letter.eventId());
        fields.put("type", letter.type());
        fields.put("backupSet", letter.backupSet());
        fields.put("originalAddress", letter.originalAddress());
        fields.put("originalQueue", letter.originalQueue());
        fields.put("deliveryCount", letter.deliveryCount());
        fields.put("timestamp", letter.timestamp());
        fields.put("lastFailure", lastFailure);
        fields.put("reasonSource", reasonSource);
        fields.put("body", letter.body());
        return fields;
    }
}
