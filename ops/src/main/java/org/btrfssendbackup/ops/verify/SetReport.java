package org.btrfssendbackup.ops.verify;

import java.util.List;
import java.util.Objects;
import org.btrfssendbackup.core.layout.BackupSetName;

/**
 * Verify's result for one set.
 *
 * @param streams        stream files under final names
 * @param checkedStreams stream files whose size and sha256 matched their manifest
 * @param decodedStreams stream files decrypted and parsed by {@code btrfs receive --dump} (0 without passphrase)
 */
public record SetReport(BackupSetName set, int streams, int checkedStreams, int decodedStreams, long storedBytes,
                        List<Finding> findings) {

    public SetReport {
        Objects.requireNonNull(set, "set");
        findings = List.copyOf(findings);
    }

    public boolean ok() {
        return findings.stream().noneMatch(Finding::isProblem);
    }

    public List<Finding> problems() {
        return findings.stream().filter(Finding::isProblem).toList();
    }
}
