package org.btrfssendbackup.core.integrity;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The last integrity check of one stored stream, kept on disk (see {@link CheckRecords}).
 *
 * @param streamFile   the stream file's name inside its set directory
 * @param checkedAt    when the check ran
 * @param verdict      what it found
 * @param problem      for {@link CheckVerdict#CORRUPT}, what is wrong; empty for OK
 * @param bytesRead    bytes read by the check
 * @param actualSha256 the sha256 of the bytes read, when the file was read whole
 */
public record CheckRecord(String streamFile, Instant checkedAt, CheckVerdict verdict, Optional<String> problem,
                          long bytesRead, Optional<String> actualSha256) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public CheckRecord {
        if (streamFile == null || streamFile.isBlank() || streamFile.contains("/") || streamFile.contains("\n")) {
            throw new IllegalArgumentException("check record: stream file must be a plain file name, got " + streamFile);
        }
        Objects.requireNonNull(checkedAt, "check record: checkedAt");
        Objects.requireNonNull(verdict, "check record: verdict");
        Objects.requireNonNull(problem, "check record: problem");
        Objects.requireNonNull(actualSha256, "check record: actualSha256");
        if ((verdict == CheckVerdict.CORRUPT) != problem.isPresent()) {
            throw new IllegalArgumentException("check record of " + streamFile + ": a problem is required exactly for CORRUPT");
        }
        problem = problem.map(p -> p.replace('\n', ' '));
        if (bytesRead < 0) {
            throw new IllegalArgumentException("check record of " + streamFile + ": negative bytesRead");
        }
        actualSha256.ifPresent(sha -> {
            if (!SHA256.matcher(sha).matches()) {
                throw new IllegalArgumentException("check record of " + streamFile + ": not a sha256: " + sha);
            }
        });
    }

    public boolean passed() {
        return verdict == CheckVerdict.OK;
    }
}
