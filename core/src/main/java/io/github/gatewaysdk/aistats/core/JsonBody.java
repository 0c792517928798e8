package io.github.gatewaysdk.aistats.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.MediaTypes;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/** An {@code application/json} body: the request's body object, written once with the client's mapper. */
final class JsonBody implements BodyEncoder {
  private final ObjectMapper json;

  JsonBody(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public String mediaType() {
    return MediaTypes.JSON;
  }

  @Override
  public HttpEntity encode(ApiRequest<?> request) {
    try {
      return new ByteArrayEntity(json.writeValueAsBytes(request.jsonBody()), ContentType.APPLICATION_JSON);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the body of " + request.operation() + " cannot be written as JSON: "
          + e.getOriginalMessage(), e);
    }
  }
}
