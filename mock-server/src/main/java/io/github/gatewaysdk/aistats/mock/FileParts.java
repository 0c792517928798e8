package io.github.gatewaysdk.aistats.mock;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file parts of a {@code multipart/form-data} request, checked against the contract, because Prism 5 validates
 * multipart loosely: its parser keeps each part's name and content only, so a {@code format: binary} property sent as
 * a text field (no {@code filename} in its Content-Disposition) passes, though a gateway that reads it as a file
 * rejects it. For each binary property of the operation's multipart schema, or array of them: every part of it must
 * be a file, a required one must be there, an array's parts must be within its {@code minItems} and
 * {@code maxItems}. The patched Prism checks the last two as well, by part name; they are written in its words, so
 * the front lists such a violation once.
 */
final class FileParts {
    static final String MULTIPART = "multipart/form-data";
    /** A {@code ; name=value} parameter of a header, the value quoted or not. */
    private static final Pattern PARAMETER = Pattern.compile(";\\s*([^\\s=;]+)\\s*=\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^;]*)");
    private static final byte[] CLOSE = {'-', '-'};
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};
    private static final byte[] DEFAULT_TYPE = "\r\nContent-Type: text/plain".getBytes(StandardCharsets.US_ASCII);

    private final ServedContract contract;

    FileParts(ServedContract contract) {
        this.contract = contract;
    }

    /**
     * One part of a multipart body: its name and file name (null for a text field), where its headers end, and
     * whether they name its Content-Type.
     */
    record Part(String name, String filename, int headersEnd, boolean typed) {
    }

    /**
     * The body Prism is given: a file part without a Content-Type (which RFC 7578 allows, meaning text/plain) gets
     * {@code text/plain} written out, because Prism 5's multipart parser throws on such a part and the whole Prism
     * process ends, failing every later call of the run.
     *
     * @return {@code body}, or a copy with the missing types added
     */
    static byte[] typed(String contentType, byte[] body) {
        String boundary = contentType == null || !contentType.split(";")[0].trim().equalsIgnoreCase(MULTIPART) ? null
                : parameters(contentType).get("boundary");
        if (boundary == null) {
            return body;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length + 64);
        int copied = 0;
        for (Part part : parts(body, boundary)) {
            if (part.filename() != null && !part.typed()) {
                out.write(body, copied, part.headersEnd() - copied);
                out.writeBytes(DEFAULT_TYPE);
                copied = part.headersEnd();
            }
        }
        if (copied == 0) {
            return body;
        }
        out.write(body, copied, body.length - copied);
        return out.toByteArray();
    }

    /**
     * @param contentType the request's Content-Type, or null
     * @return each way the request's file parts break the contract, as {@code location: message}; empty when the
     *     request is not multipart or its operation has no binary property
     */
    List<String> violations(String method, String path, String contentType, byte[] body) {
        if (contentType == null || !contentType.split(";")[0].trim().equalsIgnoreCase(MULTIPART)) {
            return List.of();
        }
        String boundary = parameters(contentType).get("boundary");
        Schema<?> schema = boundary == null ? null : schemaOf(method, path); // no boundary: Prism reports it
        if (schema == null || schema.getProperties() == null) {
            return List.of();
        }
        List<Part> parts = null;
        Set<String> found = new LinkedHashSet<>();
        for (Map.Entry<String, Schema> property : schema.getProperties().entrySet()) {
            Schema<?> type = property.getValue();
            boolean array = "array".equals(type.getType()) && binary(type.getItems());
            if (!array && !binary(type)) {
                continue;
            }
            if (parts == null) {
                parts = parts(body, boundary);
            }
            String name = property.getKey();
            List<Part> sent = parts.stream().filter(part -> name.equals(part.name())).toList();
            if (sent.isEmpty()) {
                if (schema.getRequired() != null && schema.getRequired().contains(name)) {
                    found.add("body: Request body must have required property '" + name + "'");
                }
                continue;
            }
            if (array && type.getMaxItems() != null && sent.size() > type.getMaxItems()) {
                found.add("body." + name + ": Request body property " + name + " must NOT have more than "
                        + type.getMaxItems() + " items");
            }
            if (array && type.getMinItems() != null && sent.size() < type.getMinItems()) {
                found.add("body." + name + ": Request body property " + name + " must NOT have fewer than "
                        + type.getMinItems() + " items");
            }
            for (int i = 0; i < sent.size(); i++) {
                if (sent.get(i).filename() == null) {
                    String at = array ? name + "." + i : name;
                    found.add("body." + at + ": Request body property " + at + " is binary: it must be sent as a file"
                            + " (a filename in its Content-Disposition), not as a text field");
                }
            }
        }
        return List.copyOf(found);
    }

    private static boolean binary(Schema<?> schema) {
        return schema != null && "string".equals(schema.getType()) && "binary".equals(schema.getFormat());
    }

    /** The parts of a body held in memory, by their headers; a body cut short keeps the parts before the cut. */
    static List<Part> parts(byte[] body, String boundary) {
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        // Where each "--boundary" starts: the first may open the body, without the line break before it.
        int at = startsWith(body, 0, ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1)) ? 0
                : next(body, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length - 2;
            int end = startsWith(body, start, CLOSE) ? -1 : indexOf(body, HEADERS_END, start);
            if (end < 0) {
                break; // the close delimiter, or a body cut short
            }
            Map<String, String> disposition = Map.of();
            boolean typed = false;
            for (String line : new String(body, start, end - start, StandardCharsets.UTF_8).split("\r\n")) {
                if (line.regionMatches(true, 0, "Content-Disposition:", 0, 20)) {
                    disposition = parameters(line);
                }
                typed |= line.regionMatches(true, 0, "Content-Type:", 0, 13);
            }
            String filename = disposition.containsKey("filename") ? disposition.get("filename")
                    : disposition.get("filename*");
            parts.add(new Part(disposition.get("name"), filename, end, typed));
            at = next(body, delimiter, end + 2);
        }
        return parts;
    }

    private static int next(byte[] body, byte[] delimiter, int from) {
        int found = indexOf(body, delimiter, from);
        return found < 0 ? -1 : found + 2;
    }

    /** The parameters of a header value, names in lower case, quoted values unquoted. */
    static Map<String, String> parameters(String header) {
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher matcher = PARAMETER.matcher(header);
        while (matcher.find()) {
            String value = matcher.group(2).trim();
            if (value.startsWith("\"")) {
                value = value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
            }
            parameters.putIfAbsent(matcher.group(1).toLowerCase(Locale.ROOT), value);
        }
        return parameters;
    }

    private static boolean startsWith(byte[] body, int at, byte[] bytes) {
        return at >= 0 && at + bytes.length <= body.length
                && Arrays.equals(body, at, at + bytes.length, bytes, 0, bytes.length);
    }

    private static int indexOf(byte[] body, byte[] bytes, int from) {
        for (int i = Math.max(from, 0); i + bytes.length <= body.length; i++) {
            if (startsWith(body, i, bytes)) {
                return i;
            }
        }
        return -1;
    }

    /** The multipart schema of the operation the request is for, or null. */
    private Schema<?> schemaOf(String method, String path) {
        Operation operation = contract.operation(method, path);
        if (operation == null || operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return null;
        }
        MediaType form = operation.getRequestBody().getContent().get(MULTIPART);
        return form == null ? null : form.getSchema();
    }
}
