package org.btrfssendbackup.messages.jms;

import java.util.List;
import org.btrfssendbackup.messages.EventEnvelope;

/**
 * One unit of agent work: reacts to a trigger event and returns the follow-up events to
 * publish. {@link StepConsumer} publishes them in the same transaction that consumes the
 * trigger, so they appear if and only if the step succeeded.
 *
 * <p><b>Steps must be idempotent.</b> A redelivery can follow a step that did its work but
 * failed to commit (crash, broker restart, a failure in a later follow-up). Check before
 * acting: does the snapshot already exist, did the receiver report "already stored", is
 * the file already gone. Build follow-ups with {@link EventEnvelope#followUp} so they keep
 * the run and the causation chain.
 *
 * <p>Throw {@link TransientStepException} (or let an {@link java.io.IOException} escape) for
 * failures worth retrying soon; anything else fails the delivery at once.
 */
@FunctionalInterface
public interface Step {

    /**
     * @return follow-up events, possibly empty, never null
     */
    List<EventEnvelope> handle(EventEnvelope trigger, StepContext context) throws Exception;
}
