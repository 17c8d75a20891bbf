package org.btrfssendbackup.core.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} for a long-running service (METRICS_LISTEN), on the JDK's own HTTP
 * server: one page, read-only, no framework. Each scrape asks the service for its current
 * {@link MetricsState}, so nothing is cached that could go stale.
 */
public final class MetricsServer implements AutoCloseable {

    public static final String PATH = "/metrics";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * @param listen where to listen (port 0: any free port, see {@link #address()})
     * @param state  asked on every scrape; an exception becomes a 500 naming it
     * @throws IOException naming METRICS_LISTEN and the address when it cannot be bound
     */
    public static MetricsServer start(InetSocketAddress listen, Supplier<MetricsState> state) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(listen, 8);
        } catch (IOException e) {
            throw new IOException("METRICS_LISTEN: cannot listen on " + listen + ": " + e.getMessage(), e);
        }
        // One thread: a scrape is small and rare; a second waits rather than doubling the work.
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, state));
        server.start();
        MetricsServer started = new MetricsServer(server, executor);
        LOG.info("metrics on http://{}:{}{}", started.address().getHostString(), started.address().getPort(), PATH);
        return started;
    }

    private static void handle(HttpExchange exchange, Supplier<MetricsState> state) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                reply(exchange, 404, "text/plain; charset=utf-8", "not found: only " + PATH + " is served\n");
                return;
            }
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "text/plain; charset=utf-8", "method not allowed: GET " + PATH + "\n");
                return;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try {
                MetricsText.write(state.get(), body);
            } catch (RuntimeException e) {
                LOG.error("metrics: collecting failed: {}", e.toString(), e);
                reply(exchange, 500, "text/plain; charset=utf-8", "collecting the metrics failed: " + e + "\n");
                return;
            }
            reply(exchange, 200, MetricsText.CONTENT_TYPE, body.toString(StandardCharsets.UTF_8));
        }
    }

    private static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The bound address (the real port when started on port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
