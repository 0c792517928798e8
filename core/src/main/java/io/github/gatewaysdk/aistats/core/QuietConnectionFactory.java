package io.github.gatewaysdk.aistats.core;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.impl.io.DefaultManagedHttpClientConnection;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.HttpConnectionFactory;

/**
 * Connections that never log request headers or wire bytes.
 *
 * <p>HttpClient's own connection prints every request header to {@code org.apache.hc.client5.http.headers} and every
 * byte to {@code org.apache.hc.client5.http.wire} when those loggers are at DEBUG, which would put
 * {@code Authorization: Bearer <key>} in the application's logs, and every response header, where a server may echo
 * one. This client logs each attempt itself, redacted ({@code io.github.gatewaysdk.aistats.http}).
 */
final class QuietConnectionFactory implements HttpConnectionFactory<ManagedHttpClientConnection> {
  static final QuietConnectionFactory INSTANCE = new QuietConnectionFactory();
  private static final AtomicLong COUNTER = new AtomicLong();

  private QuietConnectionFactory() {
  }

  @Override
  public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
    QuietConnection connection = new QuietConnection("ai-stats-" + COUNTER.getAndIncrement());
    if (socket != null) {
      connection.bind(socket);
    }
    return connection;
  }

  private static final class QuietConnection extends DefaultManagedHttpClientConnection {
    QuietConnection(String id) {
      super(id);
    }

    /** A plain holder: the default wraps the socket in a wire-logging one when the wire logger is at DEBUG. */
    @Override
    public void bind(Socket socket) throws IOException {
      bind(new SocketHolder(socket));
    }

    @Override
    public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
      bind(new SocketHolder(sslSocket, socket));
    }

    @Override
    protected void onRequestSubmitted(ClassicHttpRequest request) {
      // The default prints each request header, Authorization included.
    }

    @Override
    protected void onResponseReceived(ClassicHttpResponse response) {
      // The default prints each response header, and a server may echo a credential in one.
    }
  }
}
