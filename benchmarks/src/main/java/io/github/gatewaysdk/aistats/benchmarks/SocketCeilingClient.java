package io.github.gatewaysdk.aistats.benchmarks;

import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The server's ceiling: the request pre-serialised once, written to keep-alive sockets, and the
 * response skipped by its Content-Length without parsing, so almost all the time is the server's.
 */
final class SocketCeilingClient implements AutoCloseable {
    private final URI base;
    private final byte[] request;
    // One socket per concurrent caller, kept open between calls like a connection pool.
    private final Queue<Connection> idle = new ConcurrentLinkedQueue<>();

    SocketCeilingClient(URI base, String authorization, ImagesEditRequest edit) throws IOException {
        this.base = base;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] chunk : FormParts.multipartBody(edit)) {
            body.write(chunk);
        }
        String head = "POST " + base.getPath() + "/images/edits HTTP/1.1\r\n"
                + "Host: " + base.getAuthority() + "\r\n"
                + "Authorization: " + authorization + "\r\n"
                + "Accept: application/json\r\n"
                + "Content-Type: " + FormParts.MULTIPART_TYPE + "\r\n"
                + "Content-Length: " + body.size() + "\r\n\r\n";
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.write(head.getBytes(StandardCharsets.US_ASCII));
        body.writeTo(whole);
        this.request = whole.toByteArray();
    }

    /** Sends the request and returns the response body's length. */
    int edit() throws IOException {
        Connection connection = idle.poll();
        if (connection == null) {
            connection = new Connection(new Socket(base.getHost(), base.getPort()));
        }
        int length = connection.exchange(request);
        idle.add(connection);
        return length;
    }

    @Override
    public void close() throws IOException {
        for (Connection connection; (connection = idle.poll()) != null; ) {
            connection.socket.close();
        }
    }

    private static final class Connection {
        private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buffer = new byte[64 * 1024];

        Connection(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Assumes a 200 with a Content-Length body, which is all the canned server sends. */
        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            int filled = 0;
            int headerEnd;
            while ((headerEnd = indexOf(buffer, filled, HEADER_END)) < 0) {
                if (filled == buffer.length) {
                    throw new IOException("response head larger than " + buffer.length + " bytes");
                }
                filled += readSome(buffer, filled);
            }
            String head = new String(buffer, 0, headerEnd, StandardCharsets.US_ASCII);
            if (!head.startsWith("HTTP/1.1 200 ")) {
                throw new IOException("unexpected response: " + head);
            }
            int length = contentLength(head);
            long remaining = length - (filled - headerEnd - HEADER_END.length);
            while (remaining > 0) {
                remaining -= readSome(buffer, 0);
            }
            return length;
        }

        private int readSome(byte[] into, int offset) throws IOException {
            int n = in.read(into, offset, into.length - offset);
            if (n < 0) {
                throw new EOFException("server closed the connection");
            }
            return n;
        }

        private static int contentLength(String head) throws IOException {
            String lower = head.toLowerCase(Locale.ROOT);
            int at = lower.indexOf("\r\ncontent-length:");
            if (at < 0) {
                throw new IOException("no Content-Length in: " + head);
            }
            int end = lower.indexOf("\r\n", at + 2);
            return Integer.parseInt(lower.substring(at + "\r\ncontent-length:".length(), end < 0 ? lower.length() : end).trim());
        }

        private static int indexOf(byte[] data, int length, byte[] pattern) {
            outer:
            for (int i = 0; i <= length - pattern.length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (data[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
