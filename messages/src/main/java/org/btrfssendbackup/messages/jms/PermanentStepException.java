package org.btrfssendbackup.messages.jms;

/**
 * A failure that retrying cannot cure: no space left on either host, a service unit that does
 * not exist, a command the receiver refused, a configuration error. The step fails at once:
 * one final StepFailed that names the cause, no in-step retry and no broker redelivery loop.
 *
 * <p>The message names the cause first (what is wrong, with which object), and the tool's
 * argv after it when a tool was involved, so an operator reads the reason before the detail.
 * Wrap the original exception as the cause: {@link TransientStepException#isTransient} looks
 * only at the thrown type, so an {@code IOException} inside a permanent failure stays permanent.
 */
public class PermanentStepException extends RuntimeException {

    public PermanentStepException(String message) {
        super(message);
    }

    public PermanentStepException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether a failure is classed as permanent: this type anywhere at the top of the chain. */
    public static boolean isPermanent(Throwable failure) {
        return failure instanceof PermanentStepException;
    }
}
