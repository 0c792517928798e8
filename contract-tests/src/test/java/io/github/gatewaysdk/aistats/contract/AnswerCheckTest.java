package io.github.gatewaysdk.aistats.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The answer check's logic on an inline contract and a model shaped as the generated ones are. */
class AnswerCheckTest {
    private static final Contract CONTRACT = Contract.parse("""
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /images:
                get:
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/Result'}
            components:
              schemas:
                Result:
                  type: object
                  properties:
                    created: {type: integer}
                    data: {type: array, items: {$ref: '#/components/schemas/Image'}}
                Image:
                  type: object
                  properties:
                    url: {type: string}
                    output_format: {type: string}
            """);
    private static final ObjectMapper READER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** As generated: declared properties, and the undeclared ones kept apart. */
    static final class Image {
        @JsonProperty("url") public String url;
        private final Map<String, Object> extra = new LinkedHashMap<>();

        @JsonAnySetter
        public void put(String key, Object value) {
            extra.put(key, value);
        }

        @JsonAnyGetter
        public Map<String, Object> extra() {
            return extra;
        }
    }

    static final class Result {
        @JsonProperty("created") public Integer created;
        @JsonProperty("data") public List<Image> data;
    }

    private static AnswerCheck check(String wire) throws Exception {
        JsonNode answer = READER.readTree(wire);
        JsonNode schema = CONTRACT.responseSchema("GET", "/images", 200);
        return AnswerCheck.of(CONTRACT, schema, answer, READER.treeToValue(answer, Result.class));
    }

    @Test
    void aPropertyTheContractDeclaresIsComparedWithNoTestNamingIt() throws Exception {
        // output_format is in the contract; this model (an SDK generated before it) keeps it only as an extra.
        AnswerCheck check = check("{\"created\":1,\"data\":[{\"url\":\"https://x/1.png\",\"output_format\":\"png\"}]}");
        assertTrue(check.compared().contains("answer.data[].output_format"), check.compared().toString());
        assertEquals(List.of("answer.data[].output_format: the wire carried \"png\", the SDK holds null"),
                check.differences());
        assertEquals(List.of(), check.drift());
    }

    @Test
    void whatTheSdkHoldsAsDeclaredPassesAndAPropertyOutsideTheContractIsDrift() throws Exception {
        AnswerCheck check = check("{\"created\":1,\"data\":[{\"url\":\"https://x/1.png\",\"seed\":7}],\"usage\":{}}");
        assertEquals(List.of(), check.differences());
        assertEquals(List.of("answer.data[].seed", "answer.usage"), check.drift());
    }

    @Test
    void aValueTheSdkChangedIsADifference() throws Exception {
        JsonNode answer = READER.readTree("{\"created\":1,\"data\":[{\"url\":\"https://x/1.png\"}]}");
        Result read = READER.treeToValue(answer, Result.class);
        read.created = 2;
        read.data.remove(0);
        AnswerCheck check = AnswerCheck.of(CONTRACT, CONTRACT.responseSchema("GET", "/images", 200), answer, read);
        assertEquals(List.of("answer.created: the wire carried 1, the SDK holds 2",
                "answer.data: the wire carried 1 items, the SDK holds []"), check.differences());
    }
}
