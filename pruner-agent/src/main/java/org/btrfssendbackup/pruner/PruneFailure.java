package org.btrfssendbackup.pruner;

/**
 * The one line a quiet prune ({@code -q}, the cron line) prints when it fails: which set, the
 * cause, and what to do. Pure. Nothing is ever half-deleted (Pruner deletes only after its
 * plan is complete), so every line can say the store is as it was or as planned.
 */
final class PruneFailure {

    private PruneFailure() {
    }

    static String summary(String backupSet, Exception cause) {
        return "btrfs-backup-prune: prune of set " + backupSet + " FAILED: " + cause.getMessage() + "; what to do: "
                + whatToDo(cause);
    }

    static String whatToDo(Exception cause) {
        if (cause instanceof SetBusyException) {
            return "nothing to do if it happens once: an upload (or another prune) held the set, and the next run prunes";
        }
        if (cause instanceof UnknownSetException) {
            return "check BACKUP_ROOT and BACKUP_SET in the cron line against the store";
        }
        return "fix the cause and run btrfs-backup-prune again (nothing was half-deleted)";
    }
}
