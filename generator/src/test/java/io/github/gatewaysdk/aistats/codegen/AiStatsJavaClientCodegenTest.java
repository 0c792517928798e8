package io.github.gatewaysdk.aistats.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;

class AiStatsJavaClientCodegenTest {

  @TempDir static Path output;
  private static Map<String, List<String>> operationsByApi;

  @BeforeAll
  static void generateFromTheFullContractShape() throws Exception {
    File spec = new File(AiStatsJavaClientCodegenTest.class.getResource("/multi-resource.yaml").toURI());
    CodegenConfigurator configurator = new CodegenConfigurator()
        .setGeneratorName(AiStatsJavaClientCodegen.NAME)
        .setLibrary("apache-httpclient")
        .setInputSpec(spec.getPath())
        .setOutputDir(output.toString())
        .setApiPackage("example.api")
        .setInvokerPackage("example.invoker")
        .setModelPackage("example.model")
        .addGlobalProperty("apiTests", "false")
        .addGlobalProperty("apiDocs", "false")
        .addGlobalProperty("modelDocs", "false")
        .addGlobalProperty("modelTests", "false")
        .addGlobalProperty("skipFormModel", "false")
        .addAdditionalProperty("sortParamsByRequiredFlag", false);
    new DefaultGenerator().opts(configurator.toClientOptInput()).generate();

    Path apis = output.resolve("src/main/java/example/api");
    Pattern method = Pattern.compile("public \\S+ (\\w+)\\([^)]*\\) throws ApiException \\{");
    try (Stream<Path> files = Files.list(apis)) {
      operationsByApi = files.collect(Collectors.toMap(
          file -> file.getFileName().toString().replace(".java", ""),
          file -> {
            Matcher m = method.matcher(read(file));
            java.util.TreeSet<String> names = new java.util.TreeSet<>();
            while (m.find()) {
              names.add(m.group(1));
            }
            return List.copyOf(names);
          }));
    }
  }

  @Test
  void oneApiClassPerResourceWhateverTheTags() {
    assertEquals(Map.of(
        "ChatApi", List.of("createChatCompletion"),
        "ModelsApi", List.of("getModel", "listModels"),
        "ImagesApi", List.of("createImage", "createImageEdit")), operationsByApi);
  }

  @Test
  void onlyJavaSourcesAreGenerated() throws IOException {
    try (Stream<Path> files = Files.walk(output)) {
      List<String> others = files.filter(Files::isRegularFile)
          .map(file -> output.relativize(file).toString())
          .filter(name -> !name.endsWith(".java") && !name.startsWith(".openapi-generator"))
          .toList();
      assertEquals(List.of(), others);
    }
  }

  @Test
  void apiClientIsRenderedWithTheMultipartEdits() throws IOException {
    String apiClient = read(output.resolve("src/main/java/example/invoker/ApiClient.java"));
    assertTrue(apiClient.contains("isJsonPart(value)"));
    assertTrue(apiClient.contains("ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8)"));
    assertTrue(apiClient.contains("PushbackInputStream"));
  }

  @Test
  void aFormOperationAlsoTakesItsFormModel() throws IOException {
    String imagesApi = read(output.resolve("src/main/java/example/api/ImagesApi.java"));
    assertTrue(imagesApi.contains("public void createImageEdit(example.model.EditForm form, Map<String, String> additionalHeaders)"),
        imagesApi);
    assertTrue(imagesApi.contains("this.createImageEdit(form.getImageUrl(), form.getPrompt(), additionalHeaders);"), imagesApi);
    assertTrue(imagesApi.contains("public void createImageEdit(example.model.EditForm form) throws ApiException"), imagesApi);
    String chatApi = read(output.resolve("src/main/java/example/api/ChatApi.java"));
    assertTrue(!chatApi.contains(" form"), "no form overload without a form body");
  }

  @Test
  void aChangedStockTemplateFailsLoudly() {
    IllegalStateException error = assertThrows(IllegalStateException.class,
        () -> StockTemplatePatch.apply("ApiClient.mustache", "public class ApiClient {}"));
    assertTrue(error.getMessage().contains("did the OpenAPI Generator version change?"), error.getMessage());
  }

  @Test
  void resourceIsTheFirstLiteralSegment() {
    assertEquals("images", AiStatsJavaClientCodegen.resourceOf("/images/edits"));
    assertEquals("models", AiStatsJavaClientCodegen.resourceOf("/models/{model}"));
    assertEquals(null, AiStatsJavaClientCodegen.resourceOf("/{tenant}/models"));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
