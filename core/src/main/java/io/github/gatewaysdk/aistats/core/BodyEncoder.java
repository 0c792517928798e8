package io.github.gatewaysdk.aistats.core;

import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import org.apache.hc.core5.http.HttpEntity;

/**
 * Writes request bodies of one media type, the one a request names ({@link ApiRequest#bodyMediaType()}) as the
 * generator read it from the contract. {@link Engine} holds one per media type the SDK sends: a new media type is
 * a new class beside {@link JsonBody}, {@link MultipartBody} and {@link UrlEncodedBody}, listed there; any other
 * media type is a file's ({@link BinaryBody}).
 */
interface BodyEncoder {
  /** @return the media type written, e.g. {@code application/json} */
  String mediaType();

  /**
   * @param request the request whose body to write
   * @return the body of every attempt of the call: repeatable, so that each attempt sends the same bytes
   * @throws IllegalArgumentException when the request's content cannot be written in this media type
   */
  HttpEntity encode(ApiRequest<?> request);
}
