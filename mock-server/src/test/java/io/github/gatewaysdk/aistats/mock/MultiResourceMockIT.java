package io.github.gatewaysdk.aistats.mock;

import static io.github.gatewaysdk.aistats.mock.RawMultipart.file;
import static io.github.gatewaysdk.aistats.mock.RawMultipart.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.gatewaysdk.aistats.core.ClientBuilder;
import io.github.gatewaysdk.aistats.core.EventStream;
import io.github.gatewaysdk.aistats.core.FilePart;
import io.github.gatewaysdk.aistats.core.RawResponse;
import io.github.gatewaysdk.aistats.core.RequestOptions;
import io.github.gatewaysdk.aistats.core.internal.ApiCore;
import io.github.gatewaysdk.aistats.core.internal.ApiRequest;
import io.github.gatewaysdk.aistats.core.internal.MediaTypes;
import io.github.gatewaysdk.aistats.core.internal.ResponseType;
import io.github.gatewaysdk.aistats.errors.MalformedResponseException;
import io.github.gatewaysdk.aistats.errors.UnprocessableEntityException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the build's own contract may not have, against the mock serving openapi/test-contracts/multi-resource.yaml,
 * each request described as a generated service describes it and sent through a client's core.
 */
class MultiResourceMockIT {
    private static final ResponseType<JsonNode> JSON = ResponseType.json(new TypeReference<JsonNode>() {});
    private static final ResponseType<EventStream<JsonNode>> CHUNKS =
            ResponseType.events(new TypeReference<JsonNode>() {});
    private static AiStatsMock mock;
    private static ApiCore core;

    @BeforeAll
    static void start() {
        mock = AiStatsMock.start(AiStatsMock.Options.defaults().contractFile(
                Paths.get("..", "openapi", "test-contracts", "multi-resource.yaml").toAbsolutePath()));
        core = new ClientBuilder<ApiCore>(mock.baseUrl(), built -> built) {}.apiKey("sk-test").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        if (core != null) {
            core.close();
        }
        if (mock != null) {
            mock.close();
        }
    }

    @AfterEach
    void reset() {
        mock.reset();
    }

    /**
     * An {@code application/x-www-form-urlencoded} operation ({@code searchVoices}), its body written by the core's
     * url-encoded encoder, is valid for the contract in the mock; a field that breaks the contract is rejected with
     * the field named.
     */
    @Nested
    class UrlEncodedForms {
        private static ApiRequest<JsonNode> search(String language, String... tags) {
            return ApiRequest.builder("POST", "/audio/voices", JSON).formBody(MediaTypes.URL_ENCODED)
                    .part("language", language).part("accent", "Received Pronunciation & co")
                    .part("tags", Arrays.asList(tags)).part("limit", 3).part("neural", true).build();
        }

        @Test
        void theEncodedFormIsValidForTheContract() {
            RawResponse<JsonNode> answer = core.executeRaw(search("en-GB", "calm", "warm=soft"),
                    RequestOptions.none());
            assertEquals(200, answer.statusCode());
            assertTrue(answer.body().get("voices").isArray(), answer.body().toString());
            assertNull(answer.header("sl-violations"), answer.header("sl-violations"));
        }

        @Test
        void aFieldThatBreaksTheContractIsRejectedNamingIt() {
            UnprocessableEntityException e = assertThrows(UnprocessableEntityException.class,
                    () -> core.execute(search("e", "calm"), RequestOptions.none()));
            assertTrue(e.body().contains("language"), e.body());
        }

        /** A repeated field arrives as the array it is: four tags break the contract's maxItems of three. */
        @Test
        void aRepeatedFieldIsCheckedAsTheWholeArray() {
            assertEquals(200, core.executeRaw(search("en", "a", "b", "c"), RequestOptions.none()).statusCode());
            UnprocessableEntityException e = assertThrows(UnprocessableEntityException.class,
                    () -> core.execute(search("en", "a", "b", "c", "d"), RequestOptions.none()));
            assertTrue(e.body().contains("tags"), e.body());
        }
    }

    /**
     * Event streams, which Prism 5 cannot answer, answered by the mock's front ({@code createChatCompletion}, whose
     * success may stream {@code ChatChunk}s): a streaming call gets events that follow the stream's schema after
     * Prism validated the request; a test can force the events, and a stream that breaks mid-way.
     */
    @Nested
    class Streams {
        private static EventStream<JsonNode> stream(String model) {
            ApiRequest<JsonNode> request = ApiRequest.builder("POST", "/chat/completions", JSON)
                    .jsonBody(Map.of("model", model)).build();
            return core.execute(request.streamed(CHUNKS, "stream"), RequestOptions.none());
        }

        private static List<JsonNode> read(EventStream<JsonNode> events) {
            List<JsonNode> all = new ArrayList<>();
            try (events) {
                events.forEach(all::add);
            }
            return all;
        }

        @Test
        void aStreamingCallGetsEventsThatFollowTheStreamsSchema() {
            List<JsonNode> chunks = read(stream("m"));
            assertEquals(EventStreams.EVENTS, chunks.size());
            for (JsonNode chunk : chunks) {
                assertTrue(chunk.get("id").isTextual() && chunk.get("delta").isTextual(), chunk.toString());
            }
            assertEquals(List.of(), mock.takeViolations());
            assertEquals(1, mock.calls().size());
        }

        @Test
        void aStreamingRequestThatBreaksTheContractIsRejectedAsAnyOther() {
            UnprocessableEntityException e = assertThrows(UnprocessableEntityException.class, () -> stream(""));
            assertTrue(e.body().contains("model"), e.body());
            mock.takeViolations();
        }

        @Test
        void aTestForcesTheEvents() {
            mock.answerNextEvents("{\"id\":\"c1\",\"delta\":\"Hel\"}", "{\"id\":\"c1\",\"delta\":\"lo\"}");
            List<String> deltas = new ArrayList<>();
            read(stream("m")).forEach(chunk -> deltas.add(chunk.get("delta").asText()));
            assertEquals(List.of("Hel", "lo"), deltas);
        }

        @Test
        void aTestForcesAStreamThatBreaksMidWay() {
            mock.answerNextEventsThenBreak("{\"id\":\"c1\",\"delta\":\"Hel\"}", "{\"id\":\"c1\",\"delta\":\"lo\"}");
            try (EventStream<JsonNode> events = stream("m")) {
                Iterator<JsonNode> it = events.iterator();
                assertEquals("Hel", it.next().get("delta").asText());
                assertEquals("lo", it.next().get("delta").asText());
                MalformedResponseException e = assertThrows(MalformedResponseException.class, it::hasNext);
                assertTrue(e.getMessage().contains("cut short after 2 events"), e.getMessage());
            }
        }
    }

    /**
     * The file parts of a multipart upload ({@code createUpload}: {@code file} binary and required, {@code attachments}
     * an array of binary, at most 16), which Prism 5 checks loosely, checked by the front ({@link FileParts}): what
     * Prism misses is a violation answered as Prism answers its own, and what both find is listed once. Each request
     * is written by hand, so a test chooses which parts carry a filename.
     */
    @Nested
    class FileUploads {
        private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        private static HttpResponse<String> upload(List<String> parts) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(URI.create(mock.baseUrl() + "/uploads"))
                    .header("Authorization", "Bearer sk-test").header("Content-Type", RawMultipart.CONTENT_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(RawMultipart.body(parts.toArray(String[]::new))))
                    .build();
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        }

        private static List<String> withAttachments(int count, String... parts) {
            List<String> all = new ArrayList<>(List.of(parts));
            IntStream.rangeClosed(1, count).forEach(i -> all.add(file("attachments", "page-" + i + ".png", "png " + i)));
            return all;
        }

        /** The violations of the one call made, taken so the test leaves none. */
        private static List<String> violationsOfTheCall() {
            assertEquals(1, mock.calls().size(), mock.calls().toString());
            mock.takeViolations();
            return mock.calls().get(0).violations();
        }

        /**
         * The SDK's own multipart body, as the generated {@code createUpload} describes it: a file, an array of files
         * (from bytes and from a stream) and a text field, valid for the contract in both forms; and a file sent as a
         * whole body ({@code putUploadContent}, {@code application/octet-stream}).
         */
        @ParameterizedTest(name = "async={0}")
        @ValueSource(booleans = {false, true})
        void theSdksFilesAndArraysOfFilesAreValidForTheContract(boolean async) throws Exception {
            ApiRequest<JsonNode> upload = ApiRequest.builder("POST", "/uploads", JSON)
                    .part("file", FilePart.of("%PDF-1.7".getBytes(StandardCharsets.UTF_8), "report.pdf",
                            "application/pdf"))
                    .part("attachments", List.of(
                            FilePart.of(new byte[] {1, 2}, "page-1.png", "image/png"),
                            FilePart.of(new ByteArrayInputStream(new byte[] {3}), "page-2.png", "image/png")))
                    .part("purpose", "batch").build();
            ApiRequest<Void> content = ApiRequest.builder("PUT", "/uploads/up-1/content", ResponseType.none())
                    .binaryBody(FilePart.of(new ByteArrayInputStream("MP3".getBytes(StandardCharsets.UTF_8)),
                            "take.mp3", "audio/mpeg"), "application/octet-stream").build();
            if (async) {
                core.executeRawAsync(() -> upload, RequestOptions.none()).get();
                core.executeRawAsync(() -> content, RequestOptions.none()).get();
            } else {
                core.executeRaw(upload, RequestOptions.none());
                core.executeRaw(content, RequestOptions.none());
            }
            assertEquals(2, mock.calls().size(), mock.calls().toString());
            assertEquals(List.of(), mock.takeViolations());
            assertEquals(List.of(), mock.calls().get(0).violations());
            assertEquals(List.of(), mock.calls().get(1).violations());
        }

        @Test
        void aValidUploadHasNoViolations() throws Exception {
            HttpResponse<String> answer = upload(withAttachments(3, file("file", "report.pdf", "%PDF-1.7"),
                    text("purpose", "batch")));
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(List.of(), mock.takeViolations());
            assertEquals(List.of(), mock.calls().get(0).violations());
        }

        /** A file part without a Content-Type (RFC 7578 allows it) is valid, and Prism lives on for the next call. */
        @Test
        void aFileWithoutAContentTypeIsValidAndThePrismLivesOn() throws Exception {
            String untyped = "--" + RawMultipart.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\";"
                    + " filename=\"notes.txt\"\r\n\r\nsome notes\r\n";
            HttpResponse<String> answer = upload(List.of(untyped, text("purpose", "batch")));
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(List.of(), mock.takeViolations());
            HttpResponse<String> next = upload(List.of(file("file", "report.pdf", "%PDF-1.7"), text("purpose", "batch")));
            assertEquals(200, next.statusCode(), next.body());
        }

        /** A text property sent as a file part is no violation: a server reads a file part's content as text. */
        @Test
        void aTextPropertySentAsAFileIsValid() throws Exception {
            HttpResponse<String> answer = upload(List.of(file("file", "report.pdf", "%PDF-1.7"),
                    file("purpose", "purpose.txt", "vision")));
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(List.of(), mock.takeViolations());
        }

        /** Prism takes a part without filename for the file: only the front sees it is a text field. */
        @Test
        void aFileSentAsATextFieldIsRejectedNamingIt() throws Exception {
            HttpResponse<String> answer = upload(List.of(text("file", "%PDF-1.7"), text("purpose", "batch")));
            assertEquals(422, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("\"location\":[\"body\",\"file\"]"), answer.body());
            List<String> violations = violationsOfTheCall();
            assertEquals(1, violations.size(), violations.toString());
            assertTrue(violations.get(0).startsWith("body.file: ") && violations.get(0).contains("text field"),
                    violations.get(0));
        }

        /** Prism counts the parts too (a repeated field is an array, the patch); both say it, listed once. */
        @Test
        void seventeenAttachmentsAreOneViolationNamingThem() throws Exception {
            HttpResponse<String> answer = upload(withAttachments(17, file("file", "report.pdf", "%PDF-1.7"),
                    text("purpose", "batch")));
            assertEquals(422, answer.statusCode(), answer.body());
            List<String> violations = violationsOfTheCall();
            assertEquals(1, violations.size(), violations.toString());
            assertTrue(violations.get(0).startsWith("body.attachments: ") && violations.get(0).contains("16"),
                    violations.get(0));
        }

        @Test
        void aMissingFileIsReported() throws Exception {
            HttpResponse<String> answer = upload(withAttachments(1, text("purpose", "batch")));
            assertEquals(422, answer.statusCode(), answer.body());
            assertEquals(List.of("body: Request body must have required property 'file'"), violationsOfTheCall());
        }

        /** The front's violations join Prism's, in the call and in the answer's validation list. */
        @Test
        void theFrontsViolationsJoinPrismsInItsAnswer() throws Exception {
            HttpResponse<String> answer = upload(withAttachments(2, text("file", "%PDF-1.7"))); // no purpose
            assertEquals(422, answer.statusCode(), answer.body());
            List<String> violations = violationsOfTheCall();
            assertEquals(2, violations.size(), violations.toString());
            assertTrue(violations.get(0).contains("'purpose'"), violations.toString());
            assertTrue(violations.get(1).startsWith("body.file: "), violations.toString());
            assertTrue(answer.body().contains("'purpose'") && answer.body().contains("[\"body\",\"file\"]"),
                    answer.body());
        }
    }
}
