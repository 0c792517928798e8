package io.github.gatewaysdk.aistats.core.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.gatewaysdk.aistats.core.BinaryResponse;
import io.github.gatewaysdk.aistats.core.EventStream;
import io.github.gatewaysdk.aistats.core.ServerSentEvent;
import java.lang.reflect.Type;

/**
 * Internal: not for applications, and free to change in any release. How the body of a successful answer is read:
 * JSON into a model, bytes (images, audio), text, or nothing. Generated services hold one constant per operation.
 *
 * @param <T> the type the body is read into
 */
public final class ResponseType<T> {
  /** How a body is read. */
  public enum Kind { JSON, BYTES, STREAM, EVENTS, TEXT, NONE }

  private static final ResponseType<Void> NONE = new ResponseType<>(Kind.NONE, null, "*/*");
  private static final ResponseType<String> TEXT = new ResponseType<>(Kind.TEXT, null, "text/plain, */*");

  private final Kind kind;
  private final Type jsonType;
  private final String accept;

  private ResponseType(Kind kind, Type jsonType, String accept) {
    this.kind = kind;
    this.jsonType = jsonType;
    this.accept = accept;
  }

  /**
   * @param type the model type, e.g. {@code new TypeReference<ImagesEditResponse>() {}}
   * @param <T> the model type
   * @return a JSON body read into {@code T}; unknown properties are ignored
   */
  public static <T> ResponseType<T> json(TypeReference<T> type) {
    return new ResponseType<>(Kind.JSON, type.getType(), "application/json");
  }

  /**
   * @param mediaTypes the media types the operation answers with, e.g. {@code image/*} or {@code audio/mpeg}; a body
   *     of another type (an HTML error page from a proxy) fails as malformed
   * @return the body's bytes, at most {@link ApiCore#MAX_BINARY_BYTES}
   */
  public static ResponseType<byte[]> bytes(String mediaTypes) {
    return new ResponseType<>(Kind.BYTES, null, mediaTypes);
  }

  /**
   * @param mediaTypes the media types the operation answers with, e.g. {@code audio/mpeg}; a body of another type
   *     fails as malformed
   * @return the body handed on as it arrives, of any size ({@link io.github.gatewaysdk.aistats.core.BinaryResponse})
   */
  public static ResponseType<BinaryResponse> binary(String mediaTypes) {
    return new ResponseType<>(Kind.STREAM, null, mediaTypes);
  }

  /** @return a {@code text/event-stream} answer, its events as sent ({@link EventStream}) */
  public static ResponseType<EventStream<ServerSentEvent>> events() {
    return new ResponseType<>(Kind.EVENTS, null, MediaTypes.EVENT_STREAM);
  }

  /**
   * @param type the model each event's JSON data is read into
   * @param <T> the model type
   * @return a {@code text/event-stream} answer, each event's data read into {@code T}
   */
  public static <T> ResponseType<EventStream<T>> events(TypeReference<T> type) {
    return new ResponseType<>(Kind.EVENTS, type.getType(), MediaTypes.EVENT_STREAM);
  }

  /** @return the body as UTF-8 text (unless the answer names another charset), of any media type */
  public static ResponseType<String> text() {
    return TEXT;
  }

  /**
   * @param mediaType the one media type asked for, e.g. {@code application/rss+xml}, when an operation offers
   *     alternatives to its JSON answer; a body of another type fails as malformed
   * @return the body as text, in the charset it names (UTF-8 when it names none)
   */
  public static ResponseType<String> text(String mediaType) {
    if (mediaType == null || mediaType.trim().isEmpty() || mediaType.contains(",")) {
      throw new IllegalArgumentException("one media type is asked for, was " + mediaType);
    }
    return new ResponseType<>(Kind.TEXT, null, mediaType.trim());
  }

  /** @return no body expected; whatever arrives is discarded */
  public static ResponseType<Void> none() {
    return NONE;
  }

  /** @return how the body is read */
  public Kind kind() {
    return kind;
  }

  /** @return the model type of a JSON body, or of a stream's events; else null */
  public Type jsonType() {
    return jsonType;
  }

  /** @return the Accept header; for bytes, also the media types a body must have */
  public String accept() {
    return accept;
  }
}
