package org.btrfssendbackup.broker;

/**
 * Which Artemis journal implementation to use. AUTO picks ASYNCIO only when libaio is loaded
 * and the data directory supports it (not tmpfs), otherwise NIO; the broker always sets the
 * resolved type explicitly and logs it, so the journal never depends on Artemis' guess.
 */
public enum JournalChoice {
    AUTO, NIO, ASYNCIO
}
