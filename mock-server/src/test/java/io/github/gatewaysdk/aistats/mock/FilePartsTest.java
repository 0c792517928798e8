package io.github.gatewaysdk.aistats.mock;

import static io.github.gatewaysdk.aistats.mock.RawMultipart.CONTENT_TYPE;
import static io.github.gatewaysdk.aistats.mock.RawMultipart.body;
import static io.github.gatewaysdk.aistats.mock.RawMultipart.file;
import static io.github.gatewaysdk.aistats.mock.RawMultipart.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file parts check without Prism: its multipart parser, and the contract read with $ref and allOf resolved. */
class FilePartsTest {
    private static final String CONTRACT = """
            openapi: 3.0.3
            info: {title: file parts, version: '1'}
            paths:
              /uploads/{id}:
                post:
                  requestBody:
                    content:
                      multipart/form-data:
                        schema:
                          allOf:
                            - $ref: '#/components/schemas/Files'
                            - {type: object, required: [purpose], properties: {purpose: {type: string}}}
                  responses: {'200': {description: stored}}
              /notes:
                post:
                  requestBody:
                    content:
                      multipart/form-data:
                        schema: {type: object, required: [note], properties: {note: {type: string}}}
                  responses: {'200': {description: stored}}
            components:
              schemas:
                Files:
                  type: object
                  required: [file]
                  properties:
                    file: {type: string, format: binary}
                    pages: {type: array, items: {$ref: '#/components/schemas/Binary'}, minItems: 2, maxItems: 3}
                Binary: {type: string, format: binary}
            """;
    private static final String FIELD = " is binary: it must be sent as a file (a filename in its Content-Disposition),"
            + " not as a text field";

    @TempDir
    static Path dir;
    private static FileParts check;

    @BeforeAll
    static void contract() throws IOException {
        check = new FileParts(new ServedContract(Files.writeString(dir.resolve("contract.yaml"), CONTRACT)));
    }

    private static List<String> upload(String... parts) {
        return check.violations("POST", "/uploads/42?draft=true", CONTENT_TYPE, body(parts));
    }

    @Test
    void filesSentAsFilesKeepTheContract() {
        // purpose, a text property, sent as a file part is no violation
        assertEquals(List.of(), upload(file("file", "a.pdf", "%PDF"), file("pages", "1.png", "p1"),
                file("pages", "2.png", "p2"), file("purpose", "purpose.txt", "batch")));
    }

    @Test
    void aBinaryPropertySentAsATextFieldIsAViolation() {
        assertEquals(List.of("body.file: Request body property file" + FIELD), upload(text("file", "%PDF"),
                file("pages", "1.png", "p1"), file("pages", "2.png", "p2"), text("purpose", "batch")));
        assertEquals(List.of("body.pages.1: Request body property pages.1" + FIELD), upload(file("file", "a", "x"),
                file("pages", "1.png", "p1"), text("pages", "p2"), text("purpose", "batch")));
    }

    @Test
    void aMissingRequiredFileAndArraysOutOfBoundsAreViolationsInPrismsWords() {
        assertEquals(List.of("body: Request body must have required property 'file'"),
                upload(file("pages", "1.png", "p1"), file("pages", "2.png", "p2"), text("purpose", "batch")));
        assertEquals(List.of("body.pages: Request body property pages must NOT have more than 3 items"),
                upload(file("file", "a", "x"), file("pages", "1", "1"), file("pages", "2", "2"), file("pages", "3", "3"),
                        file("pages", "4", "4"), text("purpose", "batch")));
        assertEquals(List.of("body.pages: Request body property pages must NOT have fewer than 2 items"),
                upload(file("file", "a", "x"), file("pages", "1", "1"), text("purpose", "batch")));
    }

    @Test
    void onlyMultipartRequestsForBinaryPropertiesAreChecked() {
        assertEquals(List.of(), check.violations("POST", "/uploads/42", "application/json", body()));
        assertEquals(List.of(), check.violations("POST", "/uploads/42", null, body()));
        assertEquals(List.of(), check.violations("POST", "/notes", CONTENT_TYPE, body()));
        assertEquals(List.of(), check.violations("PATCH", "/uploads/42", CONTENT_TYPE, body()));
        assertEquals(List.of(), check.violations("POST", "/elsewhere", CONTENT_TYPE, body()));
    }

    @Test
    void theParserReadsEachPartsNameAndFilename() {
        String raw = "a preamble\r\n--q;b\r\ncontent-disposition: form-data; filename=\"x;\\\"y\\\".bin\"; name=file\r\n"
                + "Content-Type: application/octet-stream\r\n\r\nbytes with --q;b mid-line\r\n"
                + "--q;b\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n\r\n"
                + "--q;b\r\nX-Other: no disposition\r\n\r\nz\r\n"
                + "--q;b--\r\nan epilogue\r\n--q;b\r\nContent-Disposition: form-data; name=\"after\"\r\n\r\n";
        byte[] body = raw.getBytes(StandardCharsets.UTF_8);
        assertEquals("q;b", FileParts.parameters("multipart/form-data; boundary=\"q;b\"").get("boundary"));
        assertEquals(List.of("file x;\"y\".bin typed", "purpose null", "null null"), named(FileParts.parts(body, "q;b")));
        // a body cut short keeps the parts before the cut
        String cut = raw.substring(0, raw.indexOf("name=\"purpose\""));
        assertEquals(List.of("file x;\"y\".bin typed"), named(FileParts.parts(cut.getBytes(StandardCharsets.UTF_8), "q;b")));
    }

    private static List<String> named(List<FileParts.Part> parts) {
        return parts.stream().map(part -> part.name() + " " + part.filename() + (part.typed() ? " typed" : "")).toList();
    }

    /** Prism 5's parser dies on a file part without a Content-Type: it is given one, text/plain as RFC 7578 means. */
    @Test
    void aFilePartWithoutAContentTypeIsGivenTextPlainBeforePrismSeesIt() {
        String type = "multipart/form-data; boundary=B";
        String raw = "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jsonl\"\r\n\r\n{}\r\n"
                + "--B\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--B\r\nContent-Disposition: form-data; name=\"b\"; filename=\"b.png\"\r\nContent-Type: image/png\r\n\r\n"
                + "x\r\n--B--\r\n";
        byte[] body = raw.getBytes(StandardCharsets.UTF_8);
        assertEquals(raw.replace("filename=\"a.jsonl\"\r\n", "filename=\"a.jsonl\"\r\nContent-Type: text/plain\r\n"),
                new String(FileParts.typed(type, body), StandardCharsets.UTF_8));
        byte[] typed = FileParts.typed(type, body);
        assertSame(typed, FileParts.typed(type, typed), "a body whose files are typed is sent as it is");
        assertSame(body, FileParts.typed("application/json", body));
    }
}
