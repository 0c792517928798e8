package io.github.gatewaysdk.aistats.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;

/** A client rendered by this module's generator from a test contract, and compiled against the core. */
final class RenderedClient {
  private RenderedClient() {
  }

  /** One of the repository's test contracts, {@code openapi/test-contracts/<name>}, or the contract itself. */
  static Path contract(String name) {
    return name.equals("openapi.yaml") ? Path.of("..", "openapi", name) : Path.of("..", "openapi", "test-contracts", name);
  }

  /** Renders {@code spec} into {@code output} with the parent POM's generator options; packages under {@code example}. */
  static void render(Path spec, Path output) {
    CodegenConfigurator configurator = new CodegenConfigurator()
        .setGeneratorName(AiStatsJavaClientCodegen.NAME)
        .setLibrary("apache-httpclient")
        .setInputSpec(spec.toString())
        .setOutputDir(output.toString())
        .setApiPackage("example.api")
        .setInvokerPackage("example.invoker")
        .setModelPackage("example.model")
        .addGlobalProperty("apiTests", "false")
        .addGlobalProperty("apiDocs", "false")
        .addGlobalProperty("modelDocs", "false")
        .addGlobalProperty("modelTests", "false")
        .addGlobalProperty("skipFormModel", "false")
        .addInlineSchemaOption("SKIP_SCHEMA_REUSE", "true")
        // The options of the parent POM's generator configuration.
        .addAdditionalProperty("useJakartaEe", true)
        .addAdditionalProperty("containerDefaultToNull", true)
        .addAdditionalProperty("dateLibrary", "java8")
        .addAdditionalProperty("hideGenerationTimestamp", true)
        .addAdditionalProperty("openApiNullable", true)
        .addAdditionalProperty("annotationLibrary", "none")
        .addAdditionalProperty("clientName", "TestGatewayClient")
        .addAdditionalProperty("clientPackage", "example");
    new DefaultGenerator().opts(configurator.toClientOptInput()).generate();
  }

  /**
   * Compiles every source under {@code output} for Java 8, with doclint, against this JVM's class path (the core
   * among it), and loads the result.
   */
  static URLClassLoader compile(Path output, Path classes) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<File> sources;
    try (Stream<Path> files = Files.walk(output)) {
      sources = files.filter(file -> file.toString().endsWith(".java")).map(Path::toFile).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      boolean ok = javac.getTask(null, files, diagnostics,
          List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"), "--release", "8",
              "-Xlint:-options", "-Xdoclint:all,-missing,-html"),
          null, files.getJavaFileObjectsFromFiles(sources)).call();
      String errors = diagnostics.getDiagnostics().stream()
          .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
          .map(d -> output.relativize(Path.of(d.getSource().toUri())) + ":" + d.getLineNumber() + ": "
              + d.getMessage(Locale.ROOT))
          .collect(Collectors.joining("\n"));
      assertTrue(ok, "the generated client does not compile, or its javadoc is broken (templates in"
          + " src/main/resources/ai-stats-java):\n" + errors);
      return new URLClassLoader(new URL[] {classes.toUri().toURL()}, RenderedClient.class.getClassLoader());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
