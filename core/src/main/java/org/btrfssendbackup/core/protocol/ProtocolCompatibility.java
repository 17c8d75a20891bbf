package org.btrfssendbackup.core.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The handshake's decision, pure: can this producer (or restore) work with the receiver that
 * answered {@code version}? Hosts are upgraded one at a time, so each side must say clearly which
 * one is behind. A receiver that is older than the caller needs, or that does not accept a
 * command the caller is about to use, is a problem naming the host to upgrade; a newer receiver
 * that still accepts those commands is fine (only worth a note: the caller may be the one behind).
 */
public final class ProtocolCompatibility {

    /**
     * @param problem why the caller cannot go on (permanent: only an upgrade cures it)
     * @param note    worth logging at info when there is no problem (a newer receiver)
     */
    public record Verdict(Optional<String> problem, Optional<String> note) {
        public Verdict {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(note, "note");
        }

        public boolean compatible() {
            return problem.isEmpty();
        }
    }

    private ProtocolCompatibility() {
    }

    /**
     * @param host     the receiver's host, as the caller names it (the SSH target's host)
     * @param answer   the version reply; empty when the receiver refused {@code version} itself
     *                 (a build from before the handshake)
     * @param needed   the lowest protocol version the caller works with
     * @param commands the commands the caller is about to use
     */
    public static Verdict check(String host, Optional<VersionReply> answer, int needed, List<String> commands) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(commands, "commands");
        String upgrade = ": upgrade btrfs-send-backup on " + host;
        if (answer.isEmpty()) {
            return problem(host + " receiver does not know the version command (a build from before the protocol"
                    + " handshake), this producer needs protocol >= " + needed + upgrade);
        }
        VersionReply reply = answer.get();
        if (reply.protocol().isEmpty()) {
            return problem(host + " receiver names no protocol version (a build from before the protocol handshake),"
                    + " this producer needs protocol >= " + needed + upgrade);
        }
        int speaks = reply.protocol().getAsInt();
        if (speaks < needed) {
            return problem(host + " receiver speaks protocol " + speaks + ", this producer needs >= " + needed + upgrade);
        }
        // an empty list says nothing (no receiver writes one); the receiver's own refusal still stands behind it
        if (!reply.commands().isEmpty()) {
            List<String> missing = commands.stream()
                    .filter(c -> !reply.commands().contains(c) || reply.disabledCommands().contains(c)).toList();
            if (!missing.isEmpty()) {
                return problem(host + " receiver speaks protocol " + speaks + " but does not accept "
                        + String.join(", ", missing) + ", which this producer is about to use" + upgrade);
            }
        }
        if (speaks > ReceiverProtocol.VERSION) {
            return new Verdict(Optional.empty(), Optional.of(host + " receiver speaks protocol " + speaks
                    + ", newer than this build's " + ReceiverProtocol.VERSION + "; it accepts "
                    + String.join(", ", commands) + ", which is all this producer uses"));
        }
        return new Verdict(Optional.empty(), Optional.empty());
    }

    private static Verdict problem(String message) {
        return new Verdict(Optional.of(message), Optional.empty());
    }
}
