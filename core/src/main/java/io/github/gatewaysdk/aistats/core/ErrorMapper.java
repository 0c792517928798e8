package io.github.gatewaysdk.aistats.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatewaysdk.aistats.core.internal.Bodies;
import io.github.gatewaysdk.aistats.core.internal.Headers;
import io.github.gatewaysdk.aistats.core.internal.Redaction;
import io.github.gatewaysdk.aistats.errors.AiStatsConnectionException;
import io.github.gatewaysdk.aistats.errors.AiStatsException;
import io.github.gatewaysdk.aistats.errors.AiStatsServiceException;
import io.github.gatewaysdk.aistats.errors.AiStatsTimeoutException;
import io.github.gatewaysdk.aistats.errors.AuthenticationException;
import io.github.gatewaysdk.aistats.errors.BadRequestException;
import io.github.gatewaysdk.aistats.errors.InternalServerException;
import io.github.gatewaysdk.aistats.errors.MalformedResponseException;
import io.github.gatewaysdk.aistats.errors.NotFoundException;
import io.github.gatewaysdk.aistats.errors.PermissionDeniedException;
import io.github.gatewaysdk.aistats.errors.RateLimitException;
import io.github.gatewaysdk.aistats.errors.UnexpectedStatusException;
import io.github.gatewaysdk.aistats.errors.UnprocessableEntityException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;

/** Turns failures and error answers into the one-line, typed exceptions of this SDK; the API key never shows. */
final class ErrorMapper {
  /** How much of an error answer's body is read; the rest is dropped with the connection. */
  static final int MAX_ERROR_BODY_BYTES = 8192;
  /** How much of an answer of the wrong media type is read, to show in the error. */
  static final int SNIPPET_BYTES = 512;
  private static final int MAX_DETAIL = 300;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String apiKey;
  private final long connectTimeoutMillis;

  ErrorMapper(String apiKey, long connectTimeoutMillis) {
    this.apiKey = apiKey;
    this.connectTimeoutMillis = connectTimeoutMillis;
  }

  /** A call ended by the deadline, by close() or by an interrupt. */
  AiStatsException aborted(CallState call, Throwable cause) {
    String operation = call.request.operation();
    String attempts = attempts(call);
    switch (call.aborted()) {
      case CLOSED:
        return new AiStatsException(line(operation + " failed" + attempts + ": the client was closed"), cause);
      case CANCELLED:
        return new AiStatsException(line(operation + " was cancelled" + attempts), cause);
      case INTERRUPTED:
        Thread.currentThread().interrupt(); // kept for the caller, as the call ends because of it
        return new AiStatsException(line(operation + " was interrupted" + attempts), cause);
      default:
        return new AiStatsTimeoutException(line(operation + " did not finish within its "
            + seconds(call.options.timeout().toNanos()) + " deadline" + attempts), cause);
    }
  }

  AiStatsException closed(String operation) {
    return new AiStatsException(line(operation + " was not sent: the client was closed"));
  }

  /** An exchange that failed before any answer arrived. */
  AiStatsException fromFailure(Throwable e, CallState call) {
    String operation = call.request.operation();
    String attempts = attempts(call);
    if (e instanceof ConnectionRequestTimeoutException) {
      return new AiStatsTimeoutException(line(operation + " found no free connection in the pool in time; raise"
          + " maxConnections or lower concurrency"), e);
    }
    if (e instanceof ConnectTimeoutException) {
      return new AiStatsTimeoutException(line(operation + " could not connect within "
          + seconds(TimeUnit.MILLISECONDS.toNanos(connectTimeoutMillis)) + attempts + ": " + e.getMessage()), e);
    }
    if (e instanceof SocketTimeoutException) {
      return responseTimeout(call, e);
    }
    if (e instanceof InterruptedIOException) {
      return new AiStatsException(line(operation + " was interrupted" + attempts), e);
    }
    if (e instanceof AddressPolicy.Refused) {
      return new AiStatsConnectionException(line(operation + " was not sent: " + e.getMessage()), e);
    }
    return new AiStatsConnectionException(line(operation + " failed" + attempts + ": " + describe(e)), e);
  }

  /**
   * A success whose body could not be read: classified by the root cause, as Jackson passes on I/O errors from the
   * stream. A timeout stays a timeout, a reset a connection error; only a body that is not the JSON expected is
   * malformed.
   */
  AiStatsException fromReadFailure(IOException e, CallState call, AttemptResponse response) {
    return fromReadFailure(e, call, response, "");
  }

  /** @param progress how far the body had come, e.g. {@code " after 3 events"}; empty when that says nothing */
  AiStatsException fromReadFailure(IOException e, CallState call, AttemptResponse response, String progress) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SocketTimeoutException) {
        return new AiStatsTimeoutException(line(call.request.operation() + " received the " + response.statusCode()
            + " answer's headers" + progress + ", then no more of its body within the "
            + seconds(call.options.responseTimeout().toNanos()) + " response timeout" + attempts(call)), e);
      }
      if (cause instanceof Bodies.TooLarge) { // the JSON parser wraps it
        return malformed(call, response, "the body is " + cause.getMessage() + ", more than any answer of this API",
            null, e);
      }
    }
    if (e instanceof ContentCoding.Undecodable) {
      return malformed(call, response, e.getMessage() + progress, null, e);
    }
    if (e instanceof JsonProcessingException) {
      String reason = ((JsonProcessingException) e).getOriginalMessage();
      return malformed(call, response, "the JSON body could not be read" + progress + ": " + clip(reason), null, e);
    }
    if (e instanceof ConnectionClosedException) { // the body ended before its announced length: truncated
      return malformed(call, response, "the body was cut short" + progress + ": " + clip(e.getMessage()), null, e);
    }
    return new AiStatsConnectionException(line(call.request.operation() + " failed while reading the "
        + response.statusCode() + " answer" + progress + attempts(call) + ": " + describe(e)), e);
  }

  private AiStatsTimeoutException responseTimeout(CallState call, Throwable e) {
    return new AiStatsTimeoutException(line(call.request.operation() + " got no response bytes within the "
        + seconds(call.options.responseTimeout().toNanos()) + " response timeout" + attempts(call)), e);
  }

  MalformedResponseException malformed(CallState call, AttemptResponse response, String what, String body,
      Throwable cause) {
    Map<String, List<String>> headers = response.headersInClear();
    String requestId = Headers.first(headers, "x-request-id");
    int status = response.statusCode();
    String message = status + " " + reason(status) + " from " + call.request.operation() + ": " + what
        + requestIdSuffix(requestId);
    return new MalformedResponseException(line(message), status, shown(headers), requestId, scrub(body), cause);
  }

  AiStatsServiceException fromStatus(AttemptResponse response, String body, CallState call) {
    return fromStatus(response.statusCode(), response.headersInClear(), body, call.request.operation(),
        call.attempts());
  }

  AiStatsServiceException fromStatus(int status, Map<String, List<String>> headers, String body, String operation,
      int attempts) {
    String requestId = Headers.first(headers, "x-request-id");
    String detail = detail(body);
    String message = status + " " + reason(status) + " from " + operation + (detail.isEmpty() ? "" : ": " + detail)
        + (attempts > 1 ? " (" + attempts + " attempts)" : "") + requestIdSuffix(requestId);
    message = line(message);
    String shownBody = scrub(body);
    headers = shown(headers);
    switch (status) {
      case 400:
        return new BadRequestException(message, status, headers, requestId, shownBody, null);
      case 401:
        return new AuthenticationException(message, status, headers, requestId, shownBody, null);
      case 403:
        return new PermissionDeniedException(message, status, headers, requestId, shownBody, null);
      case 404:
        return new NotFoundException(message, status, headers, requestId, shownBody, null);
      case 422:
        return new UnprocessableEntityException(message, status, headers, requestId, shownBody, null);
      case 429:
        return new RateLimitException(message, status, headers, requestId, shownBody, null);
      default:
        if (status >= 500 && status < 600) {
          return new InternalServerException(message, status, headers, requestId, shownBody, null);
        }
        return new UnexpectedStatusException(message, status, headers, requestId, shownBody, null);
    }
  }

  /**
   * The most useful part of an error body: each violation of a problem+json validation list, an OpenAI-style
   * {@code error.message}, a problem's detail or title, a plain message, or else the start of the raw text.
   */
  static String detail(String body) {
    if (body == null || body.trim().isEmpty()) {
      return "";
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException notJson) {
      return clip(body);
    }
    if (root == null || !root.isObject()) {
      return clip(body);
    }
    JsonNode validation = root.path("validation");
    if (validation.isArray() && validation.size() > 0) {
      List<String> violations = new ArrayList<>();
      for (JsonNode violation : validation) {
        StringBuilder location = new StringBuilder();
        for (JsonNode part : violation.path("location")) {
          location.append(location.length() == 0 ? "" : ".").append(part.asText());
        }
        String text = violation.path("message").asText("");
        violations.add(location.length() == 0 ? text : location + ": " + text);
      }
      return clip(String.join("; ", violations));
    }
    JsonNode error = root.path("error");
    if (error.isObject() && error.path("message").isTextual()) {
      return clip(error.path("message").asText());
    }
    if (error.isTextual()) {
      return clip(error.asText());
    }
    for (String field : new String[] {"detail", "title", "message"}) {
      if (root.path(field).isTextual()) {
        return clip(root.path(field).asText());
      }
    }
    return clip(body);
  }

  static String reason(int status) {
    switch (status) {
      case 200: return "OK";
      case 201: return "Created";
      case 400: return "Bad Request";
      case 401: return "Unauthorized";
      case 403: return "Forbidden";
      case 404: return "Not Found";
      case 408: return "Request Timeout";
      case 409: return "Conflict";
      case 413: return "Payload Too Large";
      case 415: return "Unsupported Media Type";
      case 422: return "Unprocessable Entity";
      case 429: return "Too Many Requests";
      case 500: return "Internal Server Error";
      case 502: return "Bad Gateway";
      case 503: return "Service Unavailable";
      case 504: return "Gateway Timeout";
      default: return "HTTP status";
    }
  }

  private static String attempts(CallState call) {
    return call.attempts() > 1 ? " (" + call.attempts() + " attempts)" : "";
  }

  private static String requestIdSuffix(String requestId) {
    return requestId == null ? "" : " (request id " + requestId + ")";
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
  }

  private static String seconds(long nanos) {
    long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  /** One line, bounded: messages end up in single-line log records. */
  static String clip(String text) {
    if (text == null) {
      return "";
    }
    String oneLine = text.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "...";
  }

  private String line(String message) {
    return scrub(message.replaceAll("[\\r\\n]+", " "));
  }

  /** The answer's headers as an error shows them: credentials redacted, the key wherever a server echoed it. */
  private Map<String, List<String>> shown(Map<String, List<String>> headers) {
    if (headers == null) {
      return null;
    }
    Map<String, List<String>> shown = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, List<String>> header : Headers.redacted(headers, Redaction.NONE_MARKED).entrySet()) {
      List<String> values = new ArrayList<>();
      for (String value : header.getValue()) {
        values.add(scrub(value));
      }
      shown.put(header.getKey(), Collections.unmodifiableList(values));
    }
    return Collections.unmodifiableMap(shown);
  }

  private String scrub(String text) {
    return Redaction.scrub(text, apiKey);
  }
}
