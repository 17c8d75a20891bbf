package org.btrfssendbackup.messages.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a prune pass works on: stored stream files, local snapshots on prod-srv, or received snapshots. */
public enum PruneTarget {
    @JsonProperty("streams") STREAMS,
    @JsonProperty("local-snapshots") LOCAL_SNAPSHOTS,
    @JsonProperty("received-snapshots") RECEIVED_SNAPSHOTS
}
