package org.btrfssendbackup.ops.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The web console's users file (WEB_USERS_FILE): one {@code NAME ROLE HASH} per line, blank
 * lines and {@code #} comments allowed. Written through a temporary file and a rename, so a
 * reader never sees half a file: a new file with mode 0600, an existing one keeping its mode and group.
 */
public final class WebUsers {

    private final Map<String, WebUser> users;

    private WebUsers(Map<String, WebUser> users) {
        this.users = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(users)); // the file keeps its order
    }

    public static WebUsers of(List<WebUser> list) {
        Map<String, WebUser> byName = new LinkedHashMap<>();
        list.forEach(u -> byName.put(u.name(), u));
        return new WebUsers(byName);
    }

    /** The users of a file; no file means no users (nobody can log in until add-user made one). */
    public static WebUsers read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new WebUsers(Map.of());
        }
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    static WebUsers parse(String source, String text) {
        Map<String, WebUser> byName = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            try {
                if (fields.length != 3) {
                    throw new IllegalArgumentException("expected NAME ROLE HASH, found " + fields.length + " field(s)");
                }
                WebUser user = new WebUser(fields[0], Role.of(fields[1]), PasswordHash.parse(fields[2]));
                if (byName.put(user.name(), user) != null) {
                    throw new IllegalArgumentException("user " + user.name() + " is listed twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new WebUsers(byName);
    }

    public Optional<WebUser> get(String name) {
        return Optional.ofNullable(users.get(name));
    }

    public List<WebUser> all() {
        return List.copyOf(users.values());
    }

    /** These users with one added or replaced (a new password or role for an existing name). */
    public WebUsers with(WebUser user) {
        Map<String, WebUser> next = new LinkedHashMap<>(users);
        next.put(user.name(), user);
        return new WebUsers(next);
    }

    public void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# btrfs-backup-web users: NAME ROLE HASH (written by btrfs-backup-web add-user)");
        users.values().forEach(u -> lines.add(u.line()));
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(temporary, lines, StandardCharsets.UTF_8);
            if (Files.exists(file)) {
                // keep what the operator gave the file (group btrfs-backup-web, mode 0640) for the service to read it
                PosixFileAttributes existing = Files.readAttributes(file, PosixFileAttributes.class);
                Files.setPosixFilePermissions(temporary, existing.permissions());
                Files.getFileAttributeView(temporary, PosixFileAttributeView.class).setGroup(existing.group());
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Checks a login; empty for an unknown name or a wrong password alike (the page says only "wrong"). */
    public Optional<WebUser> authenticate(String name, char[] password) {
        WebUser user = name == null ? null : users.get(name);
        if (user == null) {
            // Spend the same time as a real check, so response times do not tell which names exist.
            DUMMY.matches(password);
            return Optional.empty();
        }
        return user.hash().matches(password) ? Optional.of(user) : Optional.empty();
    }

    private static final PasswordHash DUMMY = PasswordHash.create("x".toCharArray(), PasswordHash.DEFAULT_ITERATIONS,
            new java.security.SecureRandom());
}
