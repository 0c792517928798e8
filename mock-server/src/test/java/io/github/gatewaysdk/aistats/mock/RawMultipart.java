package io.github.gatewaysdk.aistats.mock;

import java.nio.charset.StandardCharsets;

/** A {@code multipart/form-data} body written by hand, so a test chooses what each part's headers say. */
final class RawMultipart {
    static final String BOUNDARY = "raw-b0undary";
    static final String CONTENT_TYPE = FileParts.MULTIPART + "; boundary=" + BOUNDARY;

    private RawMultipart() {
    }

    /** A file part: a filename in its Content-Disposition, and a Content-Type. */
    static String file(String name, String filename, String content) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n";
    }

    /** A text field: no filename. */
    static String text(String name, String value) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    static byte[] body(String... parts) {
        return (String.join("", parts) + "--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
