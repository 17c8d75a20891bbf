package org.btrfssendbackup.core.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The receiver's answer to {@code version}: written only by {@link #format()}, read only by
 * {@link #parse}. Every field is optional when read, so an older receiver's shorter reply still
 * reads (the producer's handshake, ProtocolCompatibility, decides what a missing field means);
 * a field of the wrong type is refused.
 *
 * @param protocol         the receiver's protocol version ({@link ReceiverProtocol#VERSION} on this build)
 * @param commands         the commands it accepts
 * @param disabledCommands commands it parses but refuses
 * @param putStreamOptions the put-stream options it takes
 * @param freeBytes        usable bytes on BACKUP_ROOT's filesystem
 */
public record VersionReply(OptionalInt protocol, List<String> commands, List<String> disabledCommands,
                           List<String> putStreamOptions, OptionalLong freeBytes) {

    /** The {@code program} field every reply carries, so a human reading it knows what answered. */
    public static final String PROGRAM = "btrfs-send-backup receiver";

    public VersionReply {
        Objects.requireNonNull(protocol, "version reply: protocol");
        commands = List.copyOf(commands);
        disabledCommands = List.copyOf(disabledCommands);
        putStreamOptions = List.copyOf(putStreamOptions);
        Objects.requireNonNull(freeBytes, "version reply: freeBytes");
    }

    /** What this build's receiver answers. */
    public static VersionReply ofThisReceiver(OptionalLong freeBytes) {
        return new VersionReply(OptionalInt.of(ReceiverProtocol.VERSION), ReceiverProtocol.ENABLED_COMMANDS,
                ReceiverProtocol.DISABLED_COMMANDS, ReceiverProtocol.PUT_STREAM_OPTIONS, freeBytes);
    }

    /** The line as the receiver writes it (field order fixed, absent values left out; Jackson-free). */
    public String format() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", "ok");
        fields.put("program", PROGRAM);
        protocol.ifPresent(p -> fields.put("protocol", p));
        fields.put("commands", commands);
        fields.put("disabledCommands", disabledCommands);
        fields.put("putStreamOptions", putStreamOptions);
        freeBytes.ifPresent(b -> fields.put("freeBytes", b));
        return FlatJson.object(fields);
    }

    /**
     * The last non-blank line of {@code output} is the reply; the caller passes the project's
     * line mapper ({@code messages.JsonFormats.line()} or the event mapper it has warm).
     */
    public static VersionReply parse(String output, ObjectMapper lineMapper) throws IOException {
        ReplyLine line = ReplyLine.last("version", output, lineMapper);
        Optional<String> status = line.optionalText("status");
        if (status.isPresent() && !status.get().equals("ok")) {
            throw new IOException("version: the receiver answered status '" + status.get() + "': " + line.text());
        }
        Optional<Long> number = line.optionalCount("protocol");
        if (number.isPresent() && number.get() > Integer.MAX_VALUE) {
            throw line.invalid(new IllegalArgumentException("protocol " + number.get() + " out of range"));
        }
        OptionalInt protocol = number.map(n -> OptionalInt.of(n.intValue())).orElse(OptionalInt.empty());
        return new VersionReply(protocol, line.texts("commands").orElse(List.of()),
                line.texts("disabledCommands").orElse(List.of()), line.texts("putStreamOptions").orElse(List.of()),
                line.optionalCount("freeBytes").map(OptionalLong::of).orElse(OptionalLong.empty()));
    }
}
