package io.github.gatewaysdk.aistats.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.impl.ConnectionShutdownException;
import org.apache.hc.client5.http.impl.DefaultConnectionKeepAliveStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.protocol.RequestClientConnControl;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.impl.DefaultConnectionReuseStrategy;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.http.io.EofSensorWatcher;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.http.protocol.DefaultHttpProcessor;
import org.apache.hc.core5.http.protocol.HttpProcessor;
import org.apache.hc.core5.http.protocol.RequestContent;
import org.apache.hc.core5.http.protocol.RequestTargetHost;
import org.apache.hc.core5.http.protocol.RequestUserAgent;
import org.apache.hc.core5.io.CloseMode;

/**
 * The blocking client's last step, in place of HttpClient's own ({@code MainClientExec}), which prints each request
 * line at DEBUG, a signed download URL's query included, and has no setting to stop it. This one sends the request
 * over the leased connection and logs nothing (the client logs each attempt itself, redacted). As HttpClient's does:
 * the request gets its framing, Host, Connection and User-Agent headers; the connection is kept alive as the answer
 * allows; it goes back to the pool once the body is read to its end or its stream closed (which reads the rest), and is
 * dropped when the answer is closed first.
 */
final class QuietMainExec implements ExecChainHandler {
  private final HttpProcessor protocol;

  QuietMainExec(String userAgent) {
    protocol = new DefaultHttpProcessor(new RequestContent(), new RequestTargetHost(), new RequestClientConnControl(),
        new RequestUserAgent(userAgent));
  }

  @Override
  public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
      throws IOException, HttpException {
    ExecRuntime runtime = scope.execRuntime;
    HttpClientContext context = scope.clientContext;
    try {
      context.setRoute(scope.route);
      context.setRequest(request);
      protocol.process(request, request.getEntity(), context);
      ClassicHttpResponse response = runtime.execute(scope.exchangeId, request, context);
      context.setResponse(response);
      if (DefaultConnectionReuseStrategy.INSTANCE.keepAlive(request, response, context)) {
        runtime.markConnectionReusable(null,
            DefaultConnectionKeepAliveStrategy.INSTANCE.getKeepAliveDuration(response, context));
      } else {
        runtime.markConnectionNonReusable();
      }
      HttpEntity entity = response.getEntity();
      if (entity == null || !entity.isStreaming()) {
        runtime.releaseEndpoint(); // nothing left to read on the connection
        return response;
      }
      response.setEntity(new ReleasingEntity(entity, runtime));
      return CloseableHttpResponse.create(response, (answer, mode) -> {
        try {
          if (mode == CloseMode.GRACEFUL) {
            answer.close();
          }
          runtime.disconnectEndpoint();
        } finally {
          runtime.discardEndpoint();
        }
      });
    } catch (ConnectionShutdownException e) {
      InterruptedIOException shutDown = new InterruptedIOException("the connection pool was shut down");
      shutDown.initCause(e);
      runtime.discardEndpoint();
      throw shutDown;
    } catch (HttpException | IOException | RuntimeException e) {
      runtime.discardEndpoint();
      throw e;
    }
  }

  /** An answer's body that gives its connection back when read to its end or closed, and drops it on failure. */
  private static final class ReleasingEntity extends HttpEntityWrapper implements EofSensorWatcher {
    private final ExecRuntime runtime;

    ReleasingEntity(HttpEntity entity, ExecRuntime runtime) {
      super(entity);
      this.runtime = runtime;
    }

    @Override
    public boolean isRepeatable() {
      return false;
    }

    @Override
    public InputStream getContent() throws IOException {
      return new EofSensorInputStream(super.getContent(), this);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      settle(() -> super.writeTo(out));
    }

    @Override
    public void close() throws IOException {
      settle(super::close);
    }

    @Override
    public boolean eofDetected(InputStream wrapped) throws IOException {
      settle(wrapped::close);
      return false;
    }

    @Override
    public boolean streamClosed(InputStream wrapped) throws IOException {
      settle(wrapped::close); // closing a body's stream reads what is left of it, so the connection can be reused
      return false;
    }

    @Override
    public boolean streamAbort(InputStream wrapped) {
      runtime.discardEndpoint();
      return false;
    }

    /** Runs {@code last}, the body's last use; then the connection goes back, or is dropped if {@code last} failed. */
    private void settle(BodyStep last) throws IOException {
      try {
        last.run();
        runtime.releaseEndpoint();
      } catch (IOException | RuntimeException e) {
        runtime.discardEndpoint();
        throw e;
      } finally {
        if (runtime.isEndpointConnected()) {
          runtime.disconnectEndpoint();
        }
        runtime.discardEndpoint();
      }
    }
  }

  @FunctionalInterface
  private interface BodyStep {
    void run() throws IOException;
  }
}
