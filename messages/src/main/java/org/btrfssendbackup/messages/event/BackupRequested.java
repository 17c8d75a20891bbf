package org.btrfssendbackup.messages.event;

/**
 * Start of a backup run for one set: what the timer, the CLI or the console asked for.
 *
 * <p>Without a backup set in its envelope it asks for every set of its host (the console's
 * {@code run --host H} without {@code --set}): the host's producer agent answers it with one
 * BackupRequested per set it has, and runs those.
 *
 * @param trigger     what started it: "timer", "cli", "ops-console", ...
 * @param requestedBy user or unit that asked (for the audit trail)
 * @param forceFull   send a full stream even if a parent is available
 */
public record BackupRequested(String trigger, String requestedBy, boolean forceFull) implements EventPayload {
    public BackupRequested {
        Require.notBlank(trigger, "BackupRequested.trigger");
        Require.notBlank(requestedBy, "BackupRequested.requestedBy");
    }
}
