package io.github.gatewaysdk.aistats.benchmarks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import java.io.IOException;
import java.io.InputStream;

/** Jackson set up as the generated client sets it up, shared by the hand-written clients. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    // The stream is closed by readResponse after the body's end: closing java.net.http's stream
    // early would cancel the exchange and lose the keep-alive connection.
    private static final ObjectReader RESPONSE_READER =
            MAPPER.readerFor(ImagesEditResponse.class).without(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    private Json() {
    }

    /** Parses the response straight from the body stream, then reads it to its end and closes it. */
    static ImagesEditResponse readResponse(InputStream body) throws IOException {
        try (InputStream in = body) {
            ImagesEditResponse response = RESPONSE_READER.readValue(in);
            // Only trailing whitespace can remain; reading it byte by byte needs no buffer.
            while (in.read() != -1) {
                continue;
            }
            return response;
        }
    }
}
