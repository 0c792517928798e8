package io.github.gatewaysdk.aistats.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a recorded request body back into the property names it carried. */
final class Multipart {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern PART_NAME = Pattern.compile("name=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Multipart() {
    }

    /** One part: its name, its Content-Type (null if none) and its content decoded as UTF-8. */
    record Part(String name, String contentType, String value) {
        boolean isJson() {
            return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
        }
    }

    /** The parts of a {@code multipart/form-data} body; an empty list for any other content type. */
    static List<Part> parse(String contentType, byte[] body) {
        List<Part> parts = new ArrayList<>();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return parts;
        }
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) {
            throw new IllegalArgumentException("multipart body without a boundary: " + contentType);
        }
        // ISO-8859-1 maps bytes 1:1 to chars, so splitting cannot corrupt the UTF-8 inside parts.
        String raw = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary.group(1);
        String[] chunks = raw.split(Pattern.quote(delimiter));
        for (int i = 1; i < chunks.length; i++) { // chunks[0] is the preamble
            String chunk = chunks[i];
            if (chunk.startsWith("--")) {
                break; // the closing delimiter
            }
            int headersEnd = chunk.indexOf("\r\n\r\n");
            if (headersEnd < 0) {
                continue;
            }
            String name = null;
            String partType = null;
            for (String header : chunk.substring(0, headersEnd).split("\r\n")) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-disposition:")) {
                    Matcher m = PART_NAME.matcher(header);
                    name = m.find() ? m.group(1) : null;
                } else if (lower.startsWith("content-type:")) {
                    partType = header.substring("content-type:".length()).trim();
                }
            }
            String content = chunk.substring(headersEnd + 4);
            if (content.endsWith("\r\n")) {
                content = content.substring(0, content.length() - 2);
            }
            if (name != null) {
                parts.add(new Part(name, partType,
                        new String(content.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)));
            }
        }
        return parts;
    }

    /** Part names, plus {@code part.key} for every key inside a JSON part (nested objects: {@code a.b.c}). */
    static Set<String> propertyNames(List<Part> parts) {
        Set<String> names = new LinkedHashSet<>();
        for (Part part : parts) {
            names.add(part.name());
            if (part.isJson()) {
                try {
                    collectKeys(JSON.readTree(part.value()), part.name() + ".", names);
                } catch (IOException notJson) {
                    // Labelled JSON but not JSON: Prism rejects it, and only the part name counts as sent.
                }
            }
        }
        return names;
    }

    /** Keys of a JSON request body (for operations whose body is JSON rather than multipart). */
    static Set<String> jsonPropertyNames(byte[] body) {
        Set<String> names = new LinkedHashSet<>();
        try {
            collectKeys(JSON.readTree(body), "", names);
        } catch (IOException notJson) {
            // Nothing to count.
        }
        return names;
    }

    private static void collectKeys(JsonNode node, String prefix, Set<String> into) {
        if (node == null || !node.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            // A null value sends nothing the contract's types allow, so it does not cover the property.
            if (field.getValue().isNull()) {
                continue;
            }
            into.add(prefix + field.getKey());
            collectKeys(field.getValue(), prefix + field.getKey() + ".", into);
        }
    }
}
