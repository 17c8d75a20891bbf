package org.btrfssendbackup.pruner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.btrfssendbackup.messages.JsonFormats;
import org.btrfssendbackup.core.retention.KeptPoint;
import org.btrfssendbackup.core.retention.KeepReason;

/** The --json output of one pass: one object on one line, stable field names. */
final class PruneJson {

    private static final ObjectMapper MAPPER = JsonFormats.line();

    private PruneJson() {
    }

    /** @param eventsPublished null when no broker is configured */
    static String render(PruneResult result, Boolean eventsPublished) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("set", result.set().value());
        root.put("dryRun", result.dryRun());
        ObjectNode policy = root.putObject("policy");
        policy.put("keepDaily", result.policy().keepDaily());
        policy.put("keepWeekly", result.policy().keepWeekly());
        policy.put("keepMonthly", result.policy().keepMonthly());
        ArrayNode kept = root.putArray("kept");
        for (KeptPoint point : result.plan().keep()) {
            ObjectNode item = kept.addObject().put("snapshot", point.name());
            ArrayNode reasons = item.putArray("reasons");
            point.reasons().stream().map(KeepReason::toString).forEach(reasons::add);
        }
        ArrayNode deleted = root.putArray("deleted");
        result.deleted().forEach(d -> deleted.addObject().put("snapshot", d.snapshot())
                .put("file", d.file().value()).put("bytes", d.bytes()));
        root.put("keptCount", result.keptCount());
        root.put("deletedCount", result.deleted().size());
        root.put("bytesFreed", result.bytesFreed());
        ArrayNode unrestorable = root.putArray("unrestorable");
        result.plan().unrestorable().forEach(u -> unrestorable.addObject().put("snapshot", u.name()).put("cause", u.cause()));
        ArrayNode corrupt = root.putArray("corrupt");
        result.corrupt().forEach(c -> {
            ObjectNode item = corrupt.addObject().put("file", c.file().value()).put("problem", c.problem());
            ArrayNode points = item.putArray("unrestorable");
            c.unrestorable().forEach(points::add);
        });
        ArrayNode warnings = root.putArray("warnings");
        result.warnings().forEach(w -> warnings.addObject().put("file", w.file()).put("problem", w.problem()));
        ArrayNode recovered = root.putArray("recovered");
        result.recovered().forEach(recovered::add);
        if (eventsPublished == null) {
            root.putNull("eventsPublished");
        } else {
            root.put("eventsPublished", eventsPublished);
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rendering the prune result of " + result.set() + " as JSON", e);
        }
    }
}
