/**
 * The lab: a loop-image btrfs and a loopback sshd, real tools on one machine, for the
 * all-in-one demo ({@code btrfs-backup-demo}) and the system tests. Production never uses
 * them; they live in main code because the demo is a command a user runs.
 */
package org.btrfssendbackup.core.lab;
