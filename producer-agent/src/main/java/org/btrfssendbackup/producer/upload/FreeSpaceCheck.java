package org.btrfssendbackup.producer.upload;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.protocol.ListReplyLine;

/**
 * Will the next upload fit on backup-srv? Pure. The expected size is that of the newest stored
 * stream of the same kind (a full is about as big as the last full; an incremental's size
 * varies more, but one larger than all the space left is a warning worth failing on). With
 * nothing stored of that kind, or no free-space figure from the receiver, nothing is checked:
 * the receiver's own "no space" answer (exit 3) still stops the run after one upload.
 */
public final class FreeSpaceCheck {

    private FreeSpaceCheck() {
    }

    /** The size of the newest stored stream of {@code kind} that has a size in its manifest. */
    public static OptionalLong expectedBytes(StreamKind kind, List<ListReplyLine.Stream> stored) {
        return stored.stream().filter(s -> s.kind() == kind && s.bytes().isPresent())
                .max(Comparator.comparing(ListReplyLine.Stream::snapshot))
                .map(s -> OptionalLong.of(s.bytes().getAsLong())).orElse(OptionalLong.empty());
    }

    /** The problem when the upload clearly will not fit: fewer bytes free than expected. */
    public static Optional<String> problem(OptionalLong expectedBytes, OptionalLong freeBytes) {
        if (expectedBytes.isEmpty() || freeBytes.isEmpty() || freeBytes.getAsLong() >= expectedBytes.getAsLong()) {
            return Optional.empty();
        }
        return Optional.of("no space left on backup-srv: " + freeBytes.getAsLong() + " bytes free, about "
                + expectedBytes.getAsLong() + " bytes needed (the size of the last stored stream of this kind)");
    }
}
