package org.btrfssendbackup.receiver;

import org.btrfssendbackup.core.manifest.Manifest;

/** The outcome of a put-stream the producer checks: what is stored, its size and sha256. */
public record PutStreamResult(Status status, Manifest manifest, long bytes, String sha256) {

    public enum Status {
        STORED("stored"),
        ALREADY_STORED("already-stored");

        private final String token;

        Status(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
    }
}
