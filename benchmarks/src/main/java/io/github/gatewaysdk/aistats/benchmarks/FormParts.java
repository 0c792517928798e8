package io.github.gatewaysdk.aistats.benchmarks;

import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The multipart parts of an image edit, as the SDK sends them: one text/plain UTF-8 part per set field. */
final class FormParts {
    static final String TEXT_PART_TYPE = "text/plain; charset=UTF-8";
    private static final String BOUNDARY = "aistats-benchmark-7MA4YWxkTrZu0gW";
    static final String MULTIPART_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    private FormParts() {
    }

    /** Field name to text value, unset fields left out. */
    static Map<String, String> of(ImagesEditRequest request) {
        if (request.getProvider() != null) {
            // A JSON part; the benchmark's requests never set it, so the hand-written clients skip it.
            throw new IllegalArgumentException("provider is not supported by the benchmark clients");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        put(parts, "model", request.getModel());
        put(parts, "image", request.getImage());
        put(parts, "mask", request.getMask());
        put(parts, "prompt", request.getPrompt());
        put(parts, "size", request.getSize());
        put(parts, "n", request.getN());
        put(parts, "user", request.getUser());
        put(parts, "meta", request.getMeta());
        put(parts, "usage", request.getUsage());
        return parts;
    }

    /**
     * A hand-built multipart/form-data body as byte chunks, for clients without a multipart API.
     * Each value is encoded once and never concatenated with the framing.
     */
    static List<byte[]> multipartBody(ImagesEditRequest request) {
        List<byte[]> chunks = new ArrayList<>();
        for (Map.Entry<String, String> part : of(request).entrySet()) {
            chunks.add(ascii("--" + BOUNDARY + "\r\n"
                    + "Content-Disposition: form-data; name=\"" + part.getKey() + "\"\r\n"
                    + "Content-Type: " + TEXT_PART_TYPE + "\r\n\r\n"));
            chunks.add(part.getValue().getBytes(StandardCharsets.UTF_8));
            chunks.add(ascii("\r\n"));
        }
        chunks.add(ascii("--" + BOUNDARY + "--\r\n"));
        return chunks;
    }

    private static void put(Map<String, String> parts, String name, Object value) {
        if (value != null) {
            parts.put(name, String.valueOf(value));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
