package org.btrfssendbackup.messages;

import java.util.Objects;

/**
 * Outcome of decoding one message: the envelope, or a reason an operator can act on. Bad
 * input is a value here rather than an exception, so a consumer cannot forget to handle it
 * (it dead-letters the message with the reason).
 */
public sealed interface DecodeResult permits DecodeResult.Decoded, DecodeResult.Failed {

    /** Whether this is the envelope: the sealed type says it, so no record repeats it. */
    default boolean isDecoded() {
        return this instanceof Decoded;
    }

    /** The envelope; {@link IllegalStateException} on a failure. */
    EventEnvelope envelope();

    /** The human-readable failure reason; {@link IllegalStateException} on success. */
    String reason();

    record Decoded(EventEnvelope envelope) implements DecodeResult {
        public Decoded {
            Objects.requireNonNull(envelope, "envelope");
        }

        @Override
        public String reason() {
            throw new IllegalStateException("decoded successfully; there is no failure reason");
        }
    }

    record Failed(String reason) implements DecodeResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public EventEnvelope envelope() {
            throw new IllegalStateException("not decoded: " + reason);
        }
    }
}
