package org.btrfssendbackup.messages.event;

/**
 * backup-srv unmounted and closed the LUKS volume. Host-wide.
 *
 * @param device      the LUKS block device
 * @param mapperName  the /dev/mapper name
 * @param mountPoint  where it was mounted
 * @param wasOpen     false when close-luks found nothing to close (it is idempotent)
 */
public record LuksClosed(String device, String mapperName, String mountPoint, boolean wasOpen) implements EventPayload {
    public LuksClosed {
        LuksVolumeFields.check("LuksClosed", device, mapperName, mountPoint);
    }
}
