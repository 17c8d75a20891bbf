package org.btrfssendbackup.messages.event;

/**
 * The fields that name backup-srv's LUKS volume (device, /dev/mapper name, mount point), checked
 * alike in {@link LuksOpened} and {@link LuksClosed}. The record's name prefixes each field.
 */
final class LuksVolumeFields {

    private LuksVolumeFields() {
    }

    static void check(String record, String device, String mapperName, String mountPoint) {
        Require.absolutePath(device, record + ".device");
        Require.matches(mapperName, Require.UNIT, record + ".mapperName");
        Require.absolutePath(mountPoint, record + ".mountPoint");
    }
}
