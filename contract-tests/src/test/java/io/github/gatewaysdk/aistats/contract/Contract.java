package io.github.gatewaysdk.aistats.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The parts of the OpenAPI contract the contract tests reason about: operations, their request-body properties and
 * property constraints. Read straight from the YAML so the guard depends on no validator's interpretation of it.
 */
final class Contract {
    static final String FILE_PROPERTY = "contract.file";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final int MAX_DEPTH = 8;

    private final JsonNode root;

    private Contract(JsonNode root) {
        this.root = root;
    }

    private static Contract ofBuild;

    /** The contract of this build: {@code -Dcontract.file}, which Maven sets from the root POM; read once. */
    static synchronized Contract ofBuild() {
        if (ofBuild == null) {
            ofBuild = load(file());
        }
        return ofBuild;
    }

    static Path file() {
        String file = System.getProperty(FILE_PROPERTY);
        if (file == null || file.isBlank()) {
            throw new IllegalStateException("-D" + FILE_PROPERTY + " is not set; run through Maven, which sets it");
        }
        return Paths.get(file).toAbsolutePath();
    }

    static Contract load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the contract " + file, e);
        }
    }

    static Contract parse(String yaml) {
        try {
            return new Contract(new ObjectMapper(new YAMLFactory()).readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException("The contract is not valid YAML", e);
        }
    }

    /** Every operation, with the request-body properties a test can send (dotted names for nested objects). */
    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue; // path-level parameters, summary, ...
                }
                Set<String> properties = new TreeSet<>();
                for (JsonNode media : op.getValue().path("requestBody").path("content")) {
                    collectProperties(resolve(media.path("schema")), "", properties, 0);
                }
                boolean answersSuccess = false;
                for (Iterator<String> statuses = op.getValue().path("responses").fieldNames(); statuses.hasNext(); ) {
                    answersSuccess |= statuses.next().startsWith("2");
                }
                operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                        op.getValue().path("operationId").asText(""), properties, answersSuccess));
            }
        }
        return operations;
    }

    /** The operation object of the contract, e.g. ("POST", "/images/edits"); missing node if there is none. */
    JsonNode operation(String method, String path) {
        return root.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
    }

    /**
     * The schema of an operation's JSON answer with this status (else its {@code 2XX} or {@code default} answer);
     * missing node if the contract gives none.
     */
    JsonNode responseSchema(String method, String pathTemplate, int status) {
        JsonNode responses = operation(method, pathTemplate).path("responses");
        JsonNode response = responses.path(String.valueOf(status));
        if (response.isMissingNode()) {
            response = responses.path(status / 100 + "XX");
        }
        if (response.isMissingNode()) {
            response = responses.path("default");
        }
        response = resolve(response);
        for (Iterator<Map.Entry<String, JsonNode>> media = response.path("content").fields(); media.hasNext(); ) {
            Map.Entry<String, JsonNode> type = media.next();
            if (type.getKey().contains("json")) {
                return type.getValue().path("schema");
            }
        }
        return MissingNode.getInstance();
    }

    /** The operation a recorded request went to, or null. */
    Operation operationOf(String method, String path) {
        for (Operation operation : operations()) {
            if (operation.matches(method, path)) {
                return operation;
            }
        }
        return null;
    }

    /** The schema of a request-body property, e.g. ("POST", "/images/edits", "n"); missing node if there is none. */
    JsonNode requestProperty(String method, String path, String property) {
        JsonNode content = root.path("paths").path(path).path(method.toLowerCase(Locale.ROOT)).path("requestBody")
                .path("content");
        for (JsonNode media : content) {
            JsonNode schema = resolve(media.path("schema")).path("properties").path(property);
            if (!schema.isMissingNode()) {
                return resolve(schema);
            }
        }
        return MissingNode.getInstance();
    }

    private void collectProperties(JsonNode schema, String prefix, Set<String> into, int depth) {
        if (depth > MAX_DEPTH) {
            return; // a recursive schema: deeper levels add nothing a test could reasonably cover
        }
        for (JsonNode part : schema.path("allOf")) {
            collectProperties(resolve(part), prefix, into, depth + 1);
        }
        for (Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields(); properties.hasNext(); ) {
            Map.Entry<String, JsonNode> property = properties.next();
            String name = prefix + property.getKey();
            into.add(name);
            JsonNode propertySchema = resolve(property.getValue());
            if (propertySchema.has("properties") || propertySchema.has("allOf")) {
                collectProperties(propertySchema, name + ".", into, depth + 1);
            }
        }
    }

    /** Follows local {@code $ref}s ({@code #/components/...}); the contract is one file. */
    JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int hops = 0; current.has("$ref") && hops < MAX_DEPTH; hops++) {
            String ref = current.path("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("Only local $refs are supported, found " + ref);
            }
            current = root.at(ref.substring(1));
        }
        return current;
    }

    /**
     * One operation: {@code POST /images/edits}, the request properties it accepts, and whether the contract gives it
     * a 2xx answer (a WebSocket upgrade has none, so no test can exercise it with one).
     */
    record Operation(String method, String pathTemplate, String operationId, Set<String> requestProperties,
            boolean answersSuccess) {
        /** Whether a concrete request path matches the template; {@code {x}} stands for one segment. */
        boolean matches(String method, String path) {
            return this.method.equalsIgnoreCase(method) && pathPattern().matcher(path).matches();
        }

        private Pattern pathPattern() {
            StringBuilder regex = new StringBuilder();
            for (String piece : pathTemplate.split("(?=\\{)|(?<=\\})")) {
                regex.append(piece.startsWith("{") && piece.endsWith("}") ? "[^/]+" : Pattern.quote(piece));
            }
            return Pattern.compile(regex + "/?");
        }

        @Override
        public String toString() {
            return method + " " + pathTemplate;
        }
    }
}
