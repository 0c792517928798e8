package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.Redaction;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The client's DEBUG lines, one per attempt, answer and retry decision; credentials redacted. */
final class Log {
  static final Logger LOG = LoggerFactory.getLogger("io.github.gatewaysdk.aistats.http");

  private Log() {
  }

  static void request(AttemptRequest attempt) {
    if (!LOG.isDebugEnabled()) {
      return;
    }
    StringBuilder headers = new StringBuilder();
    for (Map.Entry<String, String> header : attempt.rawHeaders().entrySet()) {
      headers.append(headers.length() == 0 ? "" : ", ").append(header.getKey()).append(": ")
          .append(Redaction.headerValue(header.getKey(), header.getValue(), attempt.sensitive));
    }
    LOG.debug("--> {} {} (attempt {}) [{}]", attempt.method(), Redaction.url(attempt.uri().toString()),
        attempt.attempt(), headers);
  }

  static void response(AttemptResponse response) {
    if (!LOG.isDebugEnabled()) {
      return;
    }
    String requestId = response.requestId();
    LOG.debug("<-- {} {} ({} ms{})", response.statusCode(), ErrorMapper.reason(response.statusCode()),
        response.elapsed().toMillis(), requestId == null ? "" : ", request id " + requestId);
  }

  static void failure(AttemptRequest attempt, long millis, Throwable e) {
    LOG.debug("<-- {} {} failed after {} ms: {}", attempt.method(), Redaction.url(attempt.uri().toString()), millis, e);
  }

  static void retry(long delayMillis, String reason, int retryNumber, int maxRetries) {
    LOG.debug("retrying in {} ms after {} (retry {} of {})", delayMillis, reason, retryNumber, maxRetries);
  }
}
