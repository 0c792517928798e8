package io.github.gatewaysdk.aistats.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract changes upstream makes, each applied to the seed contract: an additive one passes the build's own
 * breaking-change gate ({@code openapi/src/build/ContractGate.java}, run here as the build runs it) and is picked up
 * by the derived checks with no test edited (a case that sends a new request property, an answer check that compares
 * a new answer property, the guard that requires a new operation); a breaking one is named by the gate. The gate runs
 * once for every change, so the whole matrix costs one JVM start, not a build per change.
 */
class ContractChangesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path SEED = Paths.get("..", "openapi", "openapi.yaml");
    private static final Path GATE = Paths.get("..", "openapi", "src", "build", "ContractGate.java");
    private static final String REQUEST = "/components/schemas/ImagesEditRequest/properties";
    private static final String ANSWER = "/components/schemas/Image/properties";
    private static final String OPERATION = "/paths/~1images~1edits/post";

    /** A kind of change: how it edits the contract, and what must notice it. */
    record Change(String name, boolean breaking, String named, Consumer<ObjectNode> base, Consumer<ObjectNode> edit) {
        @Override
        public String toString() {
            return (breaking ? "breaking: " : "additive: ") + name;
        }
    }

    private static final Map<String, String> VERDICTS = new LinkedHashMap<>();
    private static final Map<String, String> REPORTS = new LinkedHashMap<>();

    static List<Change> changes() {
        List<Change> changes = new ArrayList<>();
        Map<String, String> kinds = Map.of(
                "scalar", "{\"type\":\"string\"}",
                "enum", "{\"type\":\"string\",\"enum\":[\"auto\",\"opaque\"]}",
                "nested object", "{\"type\":\"object\",\"properties\":{\"level\":{\"type\":\"integer\"}}}",
                "array", "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}",
                "union", "{\"oneOf\":[{\"type\":\"number\"},{\"type\":\"object\",\"properties\":{\"p50\":{\"type\":\"number\"}}}]}");
        kinds.forEach((kind, schema) -> {
            changes.add(new Change("a new optional " + kind + " property in the request", false, "added_in_request",
                    none(), contract -> properties(contract, REQUEST).set("added_in_request", json(schema))));
            changes.add(new Change("a new optional " + kind + " property in the answer", false, "added_in_answer",
                    none(), contract -> properties(contract, ANSWER).set("added_in_answer", json(schema))));
        });
        String enumOf = "{\"type\":\"string\",\"enum\":[\"auto\",\"opaque\"]}";
        changes.add(new Change("a new value of an answer's enum", false, "background",
                contract -> properties(contract, ANSWER).set("background", json(enumOf)),
                contract -> ((ArrayNode) properties(contract, ANSWER).get("background").get("enum")).add("transparent")));
        changes.add(new Change("a new operation", false, "/images/variations", none(),
                contract -> ((ObjectNode) contract.get("paths")).set("/images/variations",
                        YAML.createObjectNode().set("post", ((ObjectNode) contract.at(OPERATION).deepCopy())
                                .put("operationId", "createImageVariation")))));
        changes.add(new Change("a new answer status", false, "202", none(),
                contract -> ((ObjectNode) contract.at(OPERATION + "/responses")).set("202",
                        contract.at(OPERATION + "/responses/200").deepCopy())));

        changes.add(new Change("an optional request property made required", true, "user", none(),
                contract -> ((ArrayNode) contract.at("/components/schemas/ImagesEditRequest/required")).add("user")));
        changes.add(new Change("a request property removed", true, "user", none(),
                contract -> properties(contract, REQUEST).remove("user")));
        changes.add(new Change("an answer property removed", true, "revised_prompt", none(),
                contract -> properties(contract, ANSWER).remove("revised_prompt")));
        changes.add(new Change("an answer property renamed", true, "url", none(),
                contract -> properties(contract, ANSWER).set("image_url", properties(contract, ANSWER).remove("url"))));
        changes.add(new Change("a request property retyped", true, "n", none(),
                contract -> properties(contract, REQUEST).set("n", json("{\"type\":\"string\"}"))));
        changes.add(new Change("an answer property retyped", true, "b64_json", none(),
                contract -> properties(contract, ANSWER).set("b64_json", json("{\"type\":\"integer\"}"))));
        changes.add(new Change("a request constraint tightened", true, "n", none(),
                contract -> ((ObjectNode) properties(contract, REQUEST).get("n")).put("maximum", 5)));
        changes.add(new Change("a request enum value removed", true, "quality",
                contract -> properties(contract, REQUEST).set("quality", json(enumOf)),
                contract -> ((ArrayNode) properties(contract, REQUEST).get("quality").get("enum")).remove(1)));
        changes.add(new Change("the security scheme changed", true, "Security requirement changed",
                none(), contract -> ((ObjectNode) contract.at("/components/securitySchemes")).set("BearerAuth",
                        json("{\"type\":\"apiKey\",\"in\":\"header\",\"name\":\"X-Api-Key\"}"))));
        return changes;
    }

    /** Writes every change's base and changed contract, and runs the gate once on all of them. */
    @BeforeAll
    static void runTheGate(@TempDir Path folder) throws Exception {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dslf4j.internal.verbosity=ERROR", "-classpath", System.getProperty("java.class.path"),
                GATE.toString(), "--verdicts"));
        int i = 0;
        for (Change change : changes()) {
            ObjectNode base = (ObjectNode) YAML.readTree(SEED.toFile());
            change.base().accept(base);
            ObjectNode changed = base.deepCopy();
            change.edit().accept(changed);
            Path basePath = folder.resolve("base-" + i + ".yaml");
            Path changedPath = folder.resolve("change-" + i + ".yaml");
            YAML.writeValue(basePath.toFile(), base);
            YAML.writeValue(changedPath.toFile(), changed);
            command.add(basePath.toString());
            command.add(changedPath.toString());
            i++;
        }
        Process gate = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(gate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gate.waitFor(2, TimeUnit.MINUTES), "the gate ended");
        assertEquals(0, gate.exitValue(), output);
        Matcher block = Pattern.compile("=== (change-\\d+)\\.yaml\\R(.*?)=== verdict change-\\d+\\.yaml: (\\w+)",
                Pattern.DOTALL).matcher(output);
        while (block.find()) {
            REPORTS.put(block.group(1), block.group(2));
            VERDICTS.put(block.group(1), block.group(3));
        }
        assertEquals(changes().size(), VERDICTS.size(), output);
    }

    static Stream<Object[]> numbered() {
        List<Change> changes = changes();
        return java.util.stream.IntStream.range(0, changes.size()).mapToObj(i -> new Object[] {i, changes.get(i)});
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("numbered")
    void theGateNamesEveryBreakingChangeAndPassesEveryAdditiveOne(int index, Change change) {
        String verdict = VERDICTS.get("change-" + index);
        String report = REPORTS.get("change-" + index);
        assertEquals(change.breaking() ? "INCOMPATIBLE" : "COMPATIBLE", verdict, change + ":\n" + report);
        if (change.breaking()) {
            assertTrue(report.contains(change.named()), change + ": the report names " + change.named() + ":\n" + report);
        }
    }

    /** The derived checks need no edit to cover an additive change: each finds the new thing in the contract. */
    static Stream<Change> additive() {
        return changes().stream().filter(change -> !change.breaking());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("additive")
    void theDerivedChecksPickUpEveryAdditiveChange(Change change) throws IOException {
        ObjectNode contract = (ObjectNode) YAML.readTree(SEED.toFile());
        change.base().accept(contract);
        change.edit().accept(contract);
        Contract changed = Contract.parse(YAML.writeValueAsString(contract));
        JsonNode request = changed.resolve(changed.operation("POST", "/images/edits").path("requestBody")
                .path("content").path("multipart/form-data").path("schema"));
        SchemaValues values = new SchemaValues(changed);
        if (change.named().equals("added_in_request")) {
            assertTrue(values.valid(request).stream().anyMatch(c -> c.property().equals("added_in_request")),
                    "a case sends the new request property");
            assertTrue(changed.operations().get(0).requestProperties().contains("added_in_request"),
                    "the guard requires it to be sent");
        } else if (change.named().equals("added_in_answer") || change.named().equals("background")) {
            JsonNode answerSchema = changed.responseSchema("POST", "/images/edits", 200);
            JsonNode image = values.sample(changed.resolve(changed.resolve(answerSchema).path("properties")
                    .path("data").path("items")));
            ObjectNode wire = YAML.createObjectNode().put("created", 1);
            wire.putArray("data").add(image);
            Object sdk = YAML.convertValue(wire, Map.class); // an SDK regenerated from the changed contract holds it all
            AnswerCheck check = AnswerCheck.of(changed, answerSchema, wire, sdk);
            assertTrue(check.compared().contains("answer.data[]." + change.named()), check.compared().toString());
            assertEquals(List.of(), check.drift());
            assertEquals(List.of(), check.differences());
        } else if (change.named().equals("/images/variations")) {
            assertTrue(changed.operations().stream().anyMatch(op -> op.pathTemplate().equals("/images/variations")),
                    "the guard requires the new operation to be exercised");
        } else {
            assertFalse(changed.responseSchema("POST", "/images/edits", 202).isMissingNode(), "the new answer is read");
        }
    }

    private static ObjectNode properties(ObjectNode contract, String pointer) {
        return (ObjectNode) contract.at(pointer);
    }

    private static JsonNode json(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static Consumer<ObjectNode> none() {
        return contract -> { };
    }
}
