package io.github.gatewaysdk.aistats.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.MediaTypes;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * An {@code application/json} body: the request's body object, written once with the client's mapper, with the
 * properties the request sets over it ({@code stream} for a streamed answer).
 */
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
      Object body = request.jsonBody();
      if (!request.bodyProperties().isEmpty()) {
        JsonNode tree = json.valueToTree(body);
        if (!tree.isObject()) {
          throw new IllegalArgumentException("the body of " + request.operation() + " is not a JSON object, so "
              + request.bodyProperties().keySet() + " cannot be set in it");
        }
        request.bodyProperties().forEach((name, value) -> ((ObjectNode) tree).set(name, json.valueToTree(value)));
        body = tree;
      }
      return new ByteArrayEntity(json.writeValueAsBytes(body), ContentType.APPLICATION_JSON);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the body of " + request.operation() + " cannot be written as JSON: "
          + e.getOriginalMessage(), e);
    }
  }
}
