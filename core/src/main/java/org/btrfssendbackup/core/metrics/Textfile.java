package org.btrfssendbackup.core.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.btrfssendbackup.core.files.AtomicReplace;

/**
 * The metrics of a one-shot run (which has no endpoint to scrape) as a node_exporter textfile:
 * TEXTFILE_DIR/NAME.prom, replaced atomically so the collector never reads half a file.
 */
public final class Textfile {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private Textfile() {
    }

    /**
     * @param name the file's name without {@code .prom}: one per program (and per set for the pruner),
     *             so two programs never replace each other's metrics
     * @return the file written
     * @throws IOException naming TEXTFILE_DIR and the file
     */
    public static Path write(Path dir, String name, MetricsState state) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("textfile name '" + name + "' is not a plain file name");
        }
        Path file = dir.resolve(name + ".prom");
        if (!Files.isDirectory(dir)) {
            throw new IOException("TEXTFILE_DIR " + dir + " is not a directory: cannot write the metrics " + file);
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        MetricsText.write(state, text);
        try {
            AtomicReplace.write(file, text.toByteArray());
        } catch (IOException e) {
            throw new IOException("TEXTFILE_DIR: cannot write the metrics " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** A file-name part from a free text such as a set name ({@code prod-srv/rootfs} becomes {@code prod-srv_rootfs}). */
    public static String namePart(String text) {
        return text.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
