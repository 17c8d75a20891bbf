package org.btrfssendbackup.messages.event;

/**
 * backup-srv unlocked and mounted the LUKS volume (remote-btrfs). Host-wide: one volume
 * serves every set. The key itself never appears in any event.
 *
 * @param device        the LUKS block device
 * @param mapperName    the /dev/mapper name
 * @param mountPoint    where the filesystem is mounted
 * @param alreadyOpen   it was already open (open-luks is idempotent)
 */
public record LuksOpened(String device, String mapperName, String mountPoint, boolean alreadyOpen) implements EventPayload {
    public LuksOpened {
        LuksVolumeFields.check("LuksOpened", device, mapperName, mountPoint);
    }
}
