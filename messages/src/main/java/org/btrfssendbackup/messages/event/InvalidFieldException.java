package org.btrfssendbackup.messages.event;

/**
 * A record constructor refused a value. Carries the field ("Record.field") separately so the
 * codec can report {@code invalid field "StreamSent.bytes": must be >= 0} to the operator.
 */
public final class InvalidFieldException extends IllegalArgumentException {

    private final String field;
    private final String problem;

    public InvalidFieldException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** "Record.field", e.g. "StreamSent.bytes". */
    public String field() {
        return field;
    }

    /** What is wrong with it, e.g. "must be >= 0, was -1". */
    public String problem() {
        return problem;
    }
}
