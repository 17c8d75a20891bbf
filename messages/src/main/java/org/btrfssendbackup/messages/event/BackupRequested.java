package org.btrfssendbackup.messages.event;

/**
 * Start of a backup run for one set: what the timer, the CLI or the console asked for.
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
