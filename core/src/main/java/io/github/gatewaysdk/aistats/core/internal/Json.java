package io.github.gatewaysdk.aistats.core.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.openapitools.jackson.nullable.JsonNullableModule;

/**
 * Internal: not for applications, and free to change in any release. How the SDK reads and writes JSON, so that
 * tools (the schema round trip) use the mapper every call uses.
 */
public final class Json {
  private Json() {
  }

  /**
   * The mapper of every body: unknown properties are ignored (the gateway adds fields), nulls are not written (an
   * unset property is absent) unless a nullable property was set to null, and the reader's limits follow the SDK's
   * documented bounds ({@link ApiCore#MAX_JSON_STRING_CHARS}) rather than Jackson's defaults, which would reject a
   * large image's {@code b64_json} after it was billed.
   *
   * @return a new mapper
   */
  public static ObjectMapper newMapper() {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(ApiCore.MAX_JSON_STRING_CHARS).build())
        .build();
    ObjectMapper mapper = new ObjectMapper(factory);
    // NON_ABSENT: an unset JsonNullable is left out, one set to null is written as null.
    mapper.setSerializationInclusion(JsonInclude.Include.NON_ABSENT);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    mapper.configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false);
    mapper.registerModule(new JavaTimeModule());
    mapper.registerModule(new JsonNullableModule());
    return mapper;
  }
}
