package org.btrfssendbackup.messages.event;

/**
 * Ask the pruner to apply retention to a set. Only a trigger: the pruner always uses
 * backup-srv's own configuration (design.md §6), so a compromised prod-srv cannot choose
 * what gets deleted.
 *
 * @param reason      why: "after-backup", "manual", ...
 * @param requestedBy user or agent that asked
 * @param dryRun      plan and report only, delete nothing
 */
public record PruneRequested(String reason, String requestedBy, boolean dryRun) implements EventPayload {
    public PruneRequested {
        Require.notBlank(reason, "PruneRequested.reason");
        Require.notBlank(requestedBy, "PruneRequested.requestedBy");
    }
}
