package io.github.gatewaysdk.aistats.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.util.concurrent.atomic.LongAdder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.impl.bootstrap.HttpServer;
import org.apache.hc.core5.http.impl.bootstrap.ServerBootstrap;
import org.apache.hc.core5.http.impl.io.DefaultBHttpServerConnectionFactory;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;

/**
 * {@code POST} to one path on 127.0.0.1 ({@code /images/edits} unless told): drains the request and answers one
 * canned body. HttpCore 5's classic server gives each keep-alive connection its own thread, so 16 concurrent
 * connections are served in parallel, and the per-request work is a read loop and one array write.
 */
public final class CannedServer implements AutoCloseable {
    private static final int DRAIN_BUFFER = 64 * 1024;
    // Reused per server thread, so draining a 4 MiB request allocates nothing.
    private static final ThreadLocal<byte[]> DRAIN = ThreadLocal.withInitial(() -> new byte[DRAIN_BUFFER]);

    private final HttpServer server;
    private final LongAdder connectionsOpened = new LongAdder();

    public CannedServer(byte[] responseJson) throws IOException {
        this(responseJson, 0);
    }

    /**
     * @param answerDelayMillis how long each answer takes, as a gateway at work: the connection's thread
     *     waits, so as many calls are in flight as there are connections
     */
    public CannedServer(byte[] responseJson, long answerDelayMillis) throws IOException {
        this("/images/edits", responseJson, ContentType.APPLICATION_JSON, false, answerDelayMillis);
    }

    /**
     * @param path the path answered; others get 404
     * @param body the answer's body, sent from this array on every call
     * @param chunked whether the body goes chunked, as a gateway streams events, rather than with a Content-Length
     * @param answerDelayMillis as above
     */
    public CannedServer(String path, byte[] body, ContentType contentType, boolean chunked, long answerDelayMillis)
            throws IOException {
        DefaultBHttpServerConnectionFactory connections = DefaultBHttpServerConnectionFactory.builder().build();
        server = ServerBootstrap.bootstrap()
                .setLocalAddress(InetAddress.getLoopbackAddress())
                // Requests name 127.0.0.1 as their host; any other canonical name answers 421.
                .setCanonicalHostName(InetAddress.getLoopbackAddress().getHostAddress())
                .setListenerPort(0)
                .setSocketConfig(SocketConfig.custom().setTcpNoDelay(true).setBacklogSize(512).build())
                .setConnectionFactory(socket -> {
                    connectionsOpened.increment();
                    return connections.createConnection(socket);
                })
                .register(path, (request, response, context) -> {
                    if (!"POST".equals(request.getMethod())) {
                        response.setCode(HttpStatus.SC_METHOD_NOT_ALLOWED);
                        return;
                    }
                    HttpEntity sent = request.getEntity();
                    if (sent != null) {
                        drain(sent.getContent());
                    }
                    if (answerDelayMillis > 0) {
                        try {
                            Thread.sleep(answerDelayMillis);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IOException("interrupted", e);
                        }
                    }
                    response.setCode(HttpStatus.SC_OK);
                    response.setEntity(new ByteArrayEntity(body, contentType, chunked));
                })
                .create();
        server.start();
    }

    public URI baseUri() {
        return URI.create("http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort());
    }

    /**
     * Connections accepted so far. With keep-alive working this stays at the number of concurrent
     * callers; a client whose pool is smaller never gets past its pool size.
     */
    public long connectionsOpened() {
        return connectionsOpened.sum();
    }

    public void resetCounters() {
        connectionsOpened.reset();
    }

    @Override
    public void close() {
        // Immediate: idle keep-alive connections would otherwise hold a graceful stop open.
        server.close(CloseMode.IMMEDIATE);
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = DRAIN.get();
        while (in.read(buffer) != -1) {
            continue;
        }
    }
}
