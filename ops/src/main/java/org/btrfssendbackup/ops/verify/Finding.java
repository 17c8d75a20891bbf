package org.btrfssendbackup.ops.verify;

import java.util.Objects;

/**
 * One thing verify found in a set.
 *
 * @param file the file concerned (name inside the set directory), or "" for the set as a whole
 */
public record Finding(Severity severity, String file, String message) {

    /** A PROBLEM makes verify exit 1; a NOTE is reported only. */
    public enum Severity { PROBLEM, NOTE }

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    static Finding problem(String file, String message) {
        return new Finding(Severity.PROBLEM, file, message);
    }

    static Finding note(String file, String message) {
        return new Finding(Severity.NOTE, file, message);
    }

    public boolean isProblem() {
        return severity == Severity.PROBLEM;
    }
}
