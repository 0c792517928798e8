package io.github.gatewaysdk.aistats.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.MediaTypes;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import java.net.URI;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import org.apache.hc.core5.http.HttpEntity;

/**
 * What every call of one client uses, handed to each call when it is made: where requests go and with which key, how
 * bodies are written and answers read, how failures become exceptions, the clock and jitter of retries, the
 * interceptors, the deadline watcher, and whether the client is closing. Made once per client by
 * {@link ClientCore}.
 */
final class Engine {
  final String baseUrl;
  final String bearer;
  final List<Interceptor> interceptors;
  final Timing timing;
  final DoubleSupplier random;
  final ErrorMapper errors;
  final Deadlines deadlines;
  /** The most bytes a JSON answer may have, inflated size: counted by the core, exactly, as it is read. */
  final long maxJsonDocumentBytes;
  /** The request bodies the SDK sends, by media type. */
  private final Map<String, BodyEncoder> encoders;
  /** How each kind of successful answer is read. */
  private final Map<ResponseType.Kind, BodyReader> readers = new EnumMap<>(ResponseType.Kind.class);
  private final AtomicBoolean closed = new AtomicBoolean();

  Engine(String baseUrl, String apiKey, List<Interceptor> interceptors, Timing timing, DoubleSupplier random,
      ObjectMapper json, long maxJsonDocumentBytes, ErrorMapper errors) {
    this.baseUrl = baseUrl;
    this.bearer = "Bearer " + apiKey;
    this.interceptors = interceptors;
    this.timing = timing;
    this.random = random;
    this.errors = errors;
    this.maxJsonDocumentBytes = maxJsonDocumentBytes;
    this.encoders = byMediaType(new JsonBody(json), new MultipartBody(json), new UrlEncodedBody(json),
        new BinaryBody());
    JsonReader jsonReader = new JsonReader(json, maxJsonDocumentBytes);
    readers.put(ResponseType.Kind.JSON, jsonReader);
    readers.put(ResponseType.Kind.BYTES, new BytesReader());
    readers.put(ResponseType.Kind.STREAM, new StreamReader());
    readers.put(ResponseType.Kind.EVENTS, new EventStreamReader(jsonReader));
    readers.put(ResponseType.Kind.TEXT, new TextReader());
    readers.put(ResponseType.Kind.NONE, new NoBodyReader());
    this.deadlines = new Deadlines(timing);
  }

  private static Map<String, BodyEncoder> byMediaType(BodyEncoder... encoders) {
    Map<String, BodyEncoder> byType = new LinkedHashMap<>();
    for (BodyEncoder encoder : encoders) {
      byType.put(encoder.mediaType(), encoder);
    }
    return Collections.unmodifiableMap(byType);
  }

  URI uriOf(ApiRequest<?> request) {
    if (request.absoluteUrl() != null) {
      return request.absoluteUrl();
    }
    return URI.create(request.query() == null ? baseUrl + request.path()
        : baseUrl + request.path() + "?" + request.query());
  }

  /**
   * The request's body, built once and repeatable, so every attempt sends the same bytes; null for none.
   *
   * @throws IllegalArgumentException when the body cannot be written in its media type
   */
  HttpEntity entityOf(ApiRequest<?> request) {
    String mediaType = request.bodyMediaType();
    if (mediaType == null) {
      return null;
    }
    // A media type without an encoder of its own is a file's: BinaryBody, the encoder of the range */*.
    BodyEncoder encoder = encoders.get(mediaType);
    return (encoder != null ? encoder : encoders.get(MediaTypes.ANY)).encode(request);
  }

  BodyReader readerOf(ResponseType<?> type) {
    return readers.get(type.kind());
  }

  /** @return whether this call began the close; from then on no attempt is sent ({@link SendGate}) */
  boolean close() {
    return closed.compareAndSet(false, true);
  }

  boolean isClosed() {
    return closed.get();
  }
}
