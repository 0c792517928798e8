package io.github.gatewaysdk.aistats.core;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on 127.0.0.1 built on raw sockets, so it can misbehave in ways a real server will not: reset,
 * hang, trickle, send garbage or broken framing. Each request takes the next scripted behaviour, then the fallback.
 */
public final class FaultServer implements AutoCloseable {
  public static final String OK_BODY = "{\"created\":1732406400,\"data\":[{\"b64_json\":\"aGVsbG8=\"}]}";

  /** Answers one request; returns whether the connection stays open for the next one. */
  public interface Behavior {
    boolean respond(Request request, Socket socket, OutputStream out) throws IOException;
  }

  /** A request as received; {@code body} is empty and only {@code length} kept when bodies are discarded. */
  public record Request(String method, String path, Map<String, String> headers, byte[] body, long length) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private static final AtomicInteger THREADS = new AtomicInteger();
  private final AtomicInteger connectionsAccepted = new AtomicInteger();
  private final AtomicInteger connectionsClosed = new AtomicInteger();

  private final ServerSocket server;
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "fault-server-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  });
  private final Queue<Behavior> script = new ConcurrentLinkedQueue<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile Behavior fallback = json(200, OK_BODY);
  private volatile boolean closed;
  private volatile boolean discardBodies;

  public FaultServer() throws IOException {
    server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    workers.submit(this::acceptLoop);
  }

  public FaultServer then(Behavior... behaviors) {
    script.addAll(List.of(behaviors));
    return this;
  }

  /** Keeps only the length of request bodies, so that a test can send more than the heap holds. */
  public FaultServer discardingBodies() {
    discardBodies = true;
    return this;
  }

  public FaultServer otherwise(Behavior behavior) {
    fallback = behavior;
    return this;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
  }

  public int requestCount() {
    return requests.size();
  }

  public List<Request> requests() {
    return requests;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        connectionsAccepted.incrementAndGet();
        sockets.add(socket);
        workers.submit(() -> serve(socket));
      } catch (IOException e) {
        if (!closed) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      // Buffered, so a head and body go out in one segment: split writes stall on delayed ACKs.
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      while (!closed) {
        Request request = read(in, discardBodies);
        if (request == null) {
          return;
        }
        requests.add(request);
        Behavior next = script.poll();
        boolean keepOpen = (next == null ? fallback : next).respond(request, socket, out);
        if (!keepOpen || socket.isClosed()) {
          return;
        }
        out.flush();
      }
    } catch (IOException expected) {
      // the client went away, which is what several behaviours provoke
    } finally {
      sockets.remove(socket);
      connectionsClosed.incrementAndGet();
    }
  }

  /** @return how many connections the server accepted: one per connection the client opened */
  public int connectionsAccepted() {
    return connectionsAccepted.get();
  }

  /** @return how many connections have ended, on either side */
  public int connectionsClosed() {
    return connectionsClosed.get();
  }

  private static Request read(InputStream in, boolean discard) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    for (int last4 = 0; last4 != 0x0D0A0D0A; ) {
      int b = in.read();
      if (b == -1) {
        return null;
      }
      head.write(b);
      last4 = (last4 << 8) | b;
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    String[] requestLine = lines[0].split(" ");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    long length = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))
        ? chunked(in, discard ? OutputStream.nullOutputStream() : kept)
        : copy(in, Long.parseLong(headers.getOrDefault("content-length", "0")),
            discard ? OutputStream.nullOutputStream() : kept);
    return new Request(requestLine[0], requestLine[1], headers, kept.toByteArray(), length);
  }

  /** A chunked body (RFC 9112 7.1), without extensions or trailers, as HttpClient sends one. */
  private static long chunked(InputStream in, OutputStream body) throws IOException {
    long length = 0;
    while (true) {
      int size = Integer.parseInt(line(in), 16);
      length += copy(in, size, body);
      line(in); // the CRLF after the chunk, or after the last one
      if (size == 0) {
        return length;
      }
    }
  }

  private static long copy(InputStream in, long length, OutputStream body) throws IOException {
    byte[] buffer = new byte[16384];
    long left = length;
    while (left > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) {
        break; // cut short: what came is the request's body, as a test of an aborted upload sees it
      }
      body.write(buffer, 0, read);
      left -= read;
    }
    return length - left;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b == -1) {
        throw new EOFException("the body ended inside a chunk's size");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- behaviours ----

  /** A 200 JSON answer on a kept-alive connection that the server closes once it has been idle {@code millis}. */
  public static Behavior closesWhenIdle(int millis) {
    return (request, socket, out) -> {
      json(200, OK_BODY).respond(request, socket, out);
      socket.setSoTimeout(millis); // the wait for the next request times out, which closes the connection
      return true;
    };
  }

  public static Behavior json(int status, String body, String... headerPairs) {
    return respond(status, "application/json", body, headerPairs);
  }

  public static Behavior respond(int status, String contentType, String body, String... headerPairs) {
    return respond(status, contentType, body.getBytes(StandardCharsets.UTF_8), headerPairs);
  }

  public static Behavior respond(int status, String contentType, byte[] bytes, String... headerPairs) {
    return (request, socket, out) -> {
      StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " " + ErrorMapper.reason(status) + "\r\n");
      head.append("Content-Type: ").append(contentType).append("\r\n");
      head.append("Content-Length: ").append(bytes.length).append("\r\n");
      for (int i = 0; i < headerPairs.length; i += 2) {
        head.append(headerPairs[i]).append(": ").append(headerPairs[i + 1]).append("\r\n");
      }
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(bytes);
      return true;
    };
  }

  /**
   * A kept-alive, chunked event stream whose last (empty) chunk goes out only once {@code lastChunk} opens (at most
   * 10 s): a gateway whose {@code [DONE]} and the end of its answer arrive apart.
   */
  public static Behavior eventsThenLastChunk(String events, CountDownLatch lastChunk) {
    return (request, socket, out) -> {
      byte[] chunk = events.getBytes(StandardCharsets.UTF_8);
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
          + Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(chunk);
      out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      try {
        if (!lastChunk.await(10, TimeUnit.SECONDS)) {
          return false; // never told: the test failed, end the connection
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      return true;
    };
  }

  /** Closes with SO_LINGER 0, which sends a TCP reset. */
  public static Behavior reset() {
    return (request, socket, out) -> {
      socket.setSoLinger(true, 0);
      socket.close();
      return false;
    };
  }

  /** Reads the request and closes without a byte of answer. */
  public static Behavior noAnswer() {
    return (request, socket, out) -> false;
  }

  public static Behavior malformedChunked() {
    return (request, socket, out) -> {
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\n{\"cre\r\nnot-a-chunk-size\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return false;
    };
  }

  public static Behavior garbage() {
    return (request, socket, out) -> {
      byte[] noise = new byte[512];
      new Random(42).nextBytes(noise);
      out.write(noise);
      out.flush();
      return false;
    };
  }

  /** Answers as {@code then} does, after {@code millis}: a gateway at work. */
  public static Behavior after(long millis, Behavior then) {
    return (request, socket, out) -> {
      sleep(millis);
      return then.respond(request, socket, out);
    };
  }

  /** Never answers; waits until the client gives up and closes (or the server closes). */
  public static Behavior silent() {
    return (request, socket, out) -> {
      try {
        while (socket.getInputStream().read() != -1) {
          // drain until the client closes
        }
      } catch (SocketException closedByClient) {
        // expected
      }
      return false;
    };
  }

  /** Sends a 200 head, then one byte of body every 50 ms: each read succeeds, the answer never completes. */
  public static Behavior trickle() {
    return (request, socket, out) -> {
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"created\":1")
          .getBytes(StandardCharsets.ISO_8859_1));
      for (int i = 0; i < 400; i++) { // bounded: 20 s at most
        out.write(' ');
        out.flush();
        sleep(50);
      }
      return false;
    };
  }

  /** An error status whose body trickles: one byte every 50 ms, for 20 s at most. */
  public static Behavior trickleStatus(int status, String... headerPairs) {
    return (request, socket, out) -> {
      StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " " + ErrorMapper.reason(status)
          + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n");
      for (int i = 0; i < headerPairs.length; i += 2) {
        head.append(headerPairs[i]).append(": ").append(headerPairs[i + 1]).append("\r\n");
      }
      out.write(head.append("\r\n{").toString().getBytes(StandardCharsets.ISO_8859_1));
      for (int i = 0; i < 400; i++) {
        out.write(' ');
        out.flush();
        sleep(50);
      }
      return false;
    };
  }

  /** A 200 head and the start of its JSON, then silence until the client gives up. */
  public static Behavior partialThenSilent() {
    return (request, socket, out) -> {
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"created\":1")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return silent().respond(request, socket, out);
    };
  }

  /** A 200 head and the start of its JSON, then a TCP reset. */
  public static Behavior partialThenReset() {
    return (request, socket, out) -> {
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"created\":1")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      sleep(100);
      return reset().respond(request, socket, out);
    };
  }

  /**
   * A body of {@code bytes} bytes (repeating {@code filler}), written as it goes and never held; gzip-encoded on the
   * wire when asked, so a small transfer inflates to the full size. Delimited by closing the connection.
   */
  public static Behavior huge(int status, String contentType, long bytes, boolean gzip, byte filler) {
    return (request, socket, out) -> {
      out.write(("HTTP/1.1 " + status + " " + ErrorMapper.reason(status) + "\r\nContent-Type: " + contentType
          + (gzip ? "\r\nContent-Encoding: gzip" : "") + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      OutputStream body = gzip ? new java.util.zip.GZIPOutputStream(out, 65536) : out;
      byte[] block = new byte[65536];
      java.util.Arrays.fill(block, filler);
      for (long written = 0; written < bytes; written += block.length) {
        body.write(block, 0, (int) Math.min(block.length, bytes - written));
      }
      body.close();
      return false;
    };
  }

  /** A 200 JSON answer streamed from its parts, the middle one repeated: large bodies without holding them. */
  public static Behavior jsonWithLongString(String before, char repeated, int count, String after) {
    return (request, socket, out) -> {
      long length = before.length() + (long) count + after.length();
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n"
          + before).getBytes(StandardCharsets.ISO_8859_1));
      byte[] block = new byte[65536];
      java.util.Arrays.fill(block, (byte) repeated);
      for (int written = 0; written < count; written += block.length) {
        out.write(block, 0, Math.min(block.length, count - written));
      }
      out.write(after.getBytes(StandardCharsets.ISO_8859_1));
      return true;
    };
  }

  /** Valid framing, JSON cut in the middle. */
  public static Behavior truncatedJson() {
    return json(200, "{\"created\":1732406400,\"data\":[{\"b64_json\":\"aGVs");
  }

  public static Behavior html() {
    return respond(200, "text/html; charset=utf-8", "<html><body><h1>502 Bad Gateway</h1></body></html>");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The sequence of behaviours as a list, for rotating mixes. */
  public static Behavior rotating(List<Behavior> behaviors) {
    AtomicInteger next = new AtomicInteger();
    List<Behavior> copy = new ArrayList<>(behaviors);
    return (request, socket, out) -> copy.get(Math.floorMod(next.getAndIncrement(), copy.size()))
        .respond(request, socket, out);
  }
}
