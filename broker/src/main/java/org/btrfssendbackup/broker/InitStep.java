package org.btrfssendbackup.broker;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One file {@code btrfs-backup-broker init} is responsible for, and what it did with it:
 * created it now, or kept the one that was there (a secret is never overwritten).
 */
public record InitStep(Outcome outcome, String what, Path path) {

    public enum Outcome {
        CREATED, KEPT;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static InitStep created(String what, Path path) {
        return new InitStep(Outcome.CREATED, what, path);
    }

    static InitStep kept(String what, Path path) {
        return new InitStep(Outcome.KEPT, what, path);
    }

    /** {@code created  the password of user web1  /etc/.../web1.password}. */
    String line() {
        return String.format("%-8s %s: %s", outcome.word(), what, path);
    }

    Map<String, Object> jsonFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("outcome", outcome.word());
        fields.put("what", what);
        fields.put("path", path.toString());
        return fields;
    }
}
