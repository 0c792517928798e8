package io.github.gatewaysdk.aistats.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gatewaysdk.aistats.core.internal.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.math.BigDecimal;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every model generated for a schema holds every value the schema allows: for each schema of each test contract,
 * samples that together take every branch of every union, null and non-null for nullable properties and each enum
 * value are read into the model with the client's own mapper and written back, and must equal the input.
 */
class SchemaRoundTripTest {
  /** The mapper every call uses. */
  private static final ObjectMapper mapper = Json.newMapper();

  /**
   * Each sample is read and written back twice: as the contract has it (and a union's value must land in the branch
   * the sample took), and as a newer gateway would send it (a property no schema declares in every object, enum and
   * discriminator values no schema lists), which must be kept, not fatal. Properties of {@code format: binary} are
   * file parts of a multipart form and have no JSON form: they are left out of the samples.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"openapi.yaml", "extended-provider.yaml", "schema-constructs.yaml", "multi-resource.yaml",
      "gateway-2026-08.yaml", "reserved-names.yaml"})
  void everySampleOfEverySchemaSurvivesTheModel(String name) throws Exception {
    Path contractFile = RenderedClient.contract(name);
    Path output = Files.createTempDirectory("rendered");
    RenderedClient.render(contractFile, output);
    OpenAPI contract = new OpenAPIV3Parser().read(contractFile.toString());
    SchemaSamples samples = new SchemaSamples(contract, false);
    SchemaSamples newer = new SchemaSamples(contract, true);
    AiStatsJavaClientCodegen names = new AiStatsJavaClientCodegen();
    List<String> failures = new ArrayList<>();
    int checked = 0;
    try (URLClassLoader models = RenderedClient.compile(output, Files.createTempDirectory("classes"))) {
      for (Map.Entry<String, Schema> schema : contract.getComponents().getSchemas().entrySet()) {
        Class<?> model = modelOf(models, names.toModelName(schema.getKey()), schema.getValue());
        for (int variant = 0; variant < samples.count(); variant++) {
          for (SchemaSamples source : List.of(samples, newer)) {
            JsonNode sample = source.sample(schema.getValue(), variant);
            String label = schema.getKey() + (source == newer ? " newer-gateway" : "") + " sample " + variant + ": ";
            checked++;
            try {
              Object read = mapper.treeToValue(sample, model);
              JsonNode written = mapper.valueToTree(read);
              if (written.isObject()) {
                ((ObjectNode) written).remove(samples.binaryProperties(schema.getValue()));
              }
              int branch = samples.branchOf(schema.getValue(), variant);
              if (!sameJson(sample, written)) {
                failures.add(label + sample + " came back as " + written);
              } else if (source == samples && branch >= 0 && branch != branchOf(read)) {
                failures.add(label + sample + " was read as branch " + branchOf(read) + ", not " + branch);
              }
            } catch (Exception e) {
              failures.add(label + sample + " could not be read: " + e);
            }
          }
        }
      }
    }
    assertTrue(checked > 0);
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + checked + " samples of " + name + " did not survive:\n"
          + String.join("\n", failures));
    }
  }

  /** The index, in the contract's order, of the branch a union holds. */
  private static int branchOf(Object union) throws ReflectiveOperationException {
    return ((Enum<?>) union.getClass().getMethod("branch").invoke(union)).ordinal();
  }

  @Test
  void unionsEnumsAndNullablesBehaveAsTheContractSays() throws Exception {
    Path output = Files.createTempDirectory("rendered");
    RenderedClient.render(RenderedClient.contract("schema-constructs.yaml"), output);
    try (URLClassLoader models = RenderedClient.compile(output, Files.createTempDirectory("classes"))) {
      Class<?> request = models.loadClass("example.model.ChatRequest");
      Class<?> result = models.loadClass("example.model.ChatResult");
      Class<?> stop = models.loadClass("example.model.ChatRequestStop");

      // A value that fits no branch names the property and the branches.
      Exception mismatch = assertThrows(Exception.class, () -> mapper.readValue(
          "{\"model\":\"m\",\"messages\":[],\"stop\":{\"a\":1}}", request));
      assertTrue(mismatch.getMessage().contains("ChatRequestStop must be one of: String (string), List (array)"),
          mismatch.getMessage());
      assertTrue(mismatch.getMessage().contains("\"stop\""), mismatch.getMessage());

      // Unknown properties and an unknown enum value from a newer gateway are read, and the value is kept.
      Object read = mapper.readValue("{\"id\":\"3f2c7a5e-8b1d-4e6f-9a0b-1c2d3e4f5a6b\",\"status\":\"archived\","
          + "\"finish\":\"content_filter\",\"meta\":{\"new\":true}}", result);
      Object status = result.getMethod("getStatus").invoke(read);
      assertEquals("archived", status.toString());
      assertFalse((Boolean) status.getClass().getMethod("isKnown").invoke(status));
      Object finish = result.getMethod("getFinish").invoke(read);
      assertEquals("content_filter", finish.toString());

      // A union built in Java: a factory per branch, typed accessors, the branch's JSON on the wire.
      Object words = stop.getMethod("of", List.class).invoke(null, List.of("a", "b"));
      assertTrue((Boolean) stop.getMethod("isList").invoke(words));
      assertEquals("[\"a\",\"b\"]", mapper.writeValueAsString(words));
      assertThrows(java.lang.reflect.InvocationTargetException.class, () -> stop.getMethod("getString").invoke(words));

      // Nullable: unset is left out, set to null is sent as null.
      Object chat = request.getConstructor().newInstance();
      request.getMethod("model", String.class).invoke(chat, "m");
      request.getMethod("messages", List.class).invoke(chat, List.of());
      assertEquals("{\"model\":\"m\",\"messages\":[]}", mapper.writeValueAsString(chat));
      request.getMethod("temperature", BigDecimal.class).invoke(chat, (Object) null);
      assertEquals("{\"model\":\"m\",\"messages\":[],\"temperature\":null}", mapper.writeValueAsString(chat));
    }
  }

  /**
   * The class generated for a schema. A schema without properties or branches (a map, a string, a number) gets no
   * class: it is a {@code Map} or a plain Java type wherever it is used, so it is read as one.
   */
  private static Class<?> modelOf(ClassLoader models, String name, Schema<?> schema) throws ClassNotFoundException {
    try {
      return models.loadClass("example.model." + name);
    } catch (ClassNotFoundException e) {
      if (schema.getProperties() == null && schema.getOneOf() == null && schema.getAnyOf() == null
          && schema.getAllOf() == null) {
        return schema.getAdditionalProperties() != null ? Map.class : Object.class;
      }
      throw e;
    }
  }

  /** JSON equality with numbers compared by value (0.5 read as a BigDecimal is written back as 0.5). */
  private static boolean sameJson(JsonNode expected, JsonNode actual) {
    return expected.equals((a, b) -> {
      if (a.isNumber() && b.isNumber()) {
        return a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
      }
      return a.equals(b) ? 0 : 1;
    }, actual);
  }
}
