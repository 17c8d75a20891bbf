package org.btrfssendbackup.core.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.btrfssendbackup.core.text.WireWord;

/**
 * The receiver's one JSON line after {@code open-luks}:
 * {@code {"status":"opened|already-open","device":..,"mapping":..,"mount":..}}, written only by
 * {@link #format()} and read only by {@link #parse}. The paths are for the operator's log: the
 * producer decides on the status alone, so a reply without them still reads.
 *
 * @param device  the LUKS device (LUKS_DEVICE)
 * @param mapping the opened mapper device
 * @param mount   where the volume is mounted
 */
public record OpenLuksReply(Status status, Optional<String> device, Optional<String> mapping,
                            Optional<String> mount) {

    public enum Status implements WireWord {
        OPENED,
        /** Opened earlier (an earlier run, or by hand) and the key checked against it. */
        ALREADY_OPEN
    }

    public OpenLuksReply {
        ReplyFields.present("open-luks reply", "status device mapping mount", status, device, mapping, mount);
    }

    /** The line as the receiver writes it (field order fixed; Jackson-free). */
    public String format() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", status.token());
        device.ifPresent(d -> fields.put("device", d));
        mapping.ifPresent(m -> fields.put("mapping", m));
        mount.ifPresent(m -> fields.put("mount", m));
        return FlatJson.object(fields);
    }

    /** The last non-blank line of {@code output}; the caller passes the project's line mapper. */
    public static OpenLuksReply parse(String output, ObjectMapper lineMapper) throws IOException {
        ReplyLine line = ReplyLine.last("open-luks", output, lineMapper);
        Status status = line.status(Status.class);
        return new OpenLuksReply(status, line.optionalText("device"), line.optionalText("mapping"),
                line.optionalText("mount"));
    }
}
