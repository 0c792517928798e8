package io.github.gatewaysdk.aistats.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.github.gatewaysdk.aistats.core.internal.Bodies;
import io.github.gatewaysdk.aistats.core.internal.MediaTypes;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.core5.http.HttpEntity;

/** A JSON answer read into its model as it arrives, within the document bound; empty or {@code null} is malformed. */
final class JsonReader implements BodyReader {
  private final ObjectMapper json;
  /** The most bytes a JSON answer may have, inflated size, counted as it is read. */
  private final long maxDocumentBytes;
  /** Made once per body type: an ObjectReader per call was part of every call's cost. */
  private final Map<Type, ObjectReader> readers = new ConcurrentHashMap<>();

  JsonReader(ObjectMapper json, long maxDocumentBytes) {
    this.json = json;
    this.maxDocumentBytes = maxDocumentBytes;
  }

  /** @return the reader of a model type, made once per type and kept */
  ObjectReader readerFor(Type type) {
    return readers.computeIfAbsent(type, key -> json.readerFor(json.getTypeFactory().constructType(key)));
  }

  @Override
  public String refusal(ResponseType<?> type, String contentType) {
    return contentType == null || MediaTypes.isJson(MediaTypes.essence(contentType)) ? null : "a JSON body";
  }

  @Override
  public Object read(ResponseType<?> type, HttpEntity entity, Handover handover) throws IOException {
    if (entity == null) {
      throw new Malformed("the body was empty, expected JSON", null);
    }
    try (PushbackInputStream in = new PushbackInputStream(Bodies.limited(entity.getContent(), maxDocumentBytes))) {
      int first = in.read();
      if (first == -1) {
        throw new Malformed("the body was empty, expected JSON", null);
      }
      in.unread(first);
      Object value = readerFor(type.jsonType()).readValue(in);
      if (value == null) {
        throw new Malformed("the body was JSON null, expected a document", "null");
      }
      return value;
    }
  }
}
