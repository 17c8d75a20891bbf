package org.btrfssendbackup.core.chain;

/** A restore chain cannot be built; {@link #problem()} says why, the message names the link. */
public final class BrokenChainException extends RuntimeException {

    /** What is wrong with the stored chain. */
    public enum Problem {
        /** The set holds no restore point at all. */
        EMPTY_SET,
        /** The requested target snapshot is not stored. */
        TARGET_NOT_FOUND,
        /** An incremental's parent is not stored; {@link #missingName()} names the parent. */
        MISSING_LINK,
        /** Following parents returns to a point already on the chain. */
        CYCLE
    }

    private final Problem problem;
    private final String missingName;

    public BrokenChainException(Problem problem, String missingName, String message) {
        super(message);
        this.problem = problem;
        this.missingName = missingName;
    }

    public Problem problem() {
        return problem;
    }

    /** The snapshot name that is missing (target or parent), or the point closing a cycle. */
    public String missingName() {
        return missingName;
    }
}
