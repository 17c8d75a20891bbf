package org.btrfssendbackup.core.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@link BackupMetrics} in the Prometheus text exposition format (version 0.0.4), which both a
 * scrape of {@code /metrics} and node_exporter's textfile collector read.
 */
public final class MetricsText {

    /** The Content-Type of a scrape answer. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private MetricsText() {
    }

    public static void write(MetricsState state, OutputStream out) throws IOException {
        WRITER.write(out, BackupMetrics.snapshots(state), EscapingScheme.UNDERSCORE_ESCAPING);
    }

    public static String text(MetricsState state) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(state, out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing metrics to memory cannot fail", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
