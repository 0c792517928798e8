package io.github.gatewaysdk.aistats.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A contract whose every name is taken by Java or the SDK ({@code reserved-names.yaml}) renders a client that
 * compiles (with doclint) and names each thing as generator/README.md ("Names") says.
 */
class ReservedNamesTest {
  @Test
  void everyTakenNameFollowsTheDocumentedRule() throws Exception {
    Path output = Files.createTempDirectory("rendered");
    RenderedClient.render(RenderedClient.contract("reserved-names.yaml"), output);
    try (URLClassLoader classes = RenderedClient.compile(output, Files.createTempDirectory("classes"))) {
      Class<?> client = classes.loadClass("example.TestGatewayClient");
      assertEquals(Set.of("asyncApi", "baseUrlApi", "builderApi", "classApi", "closeApi", "coreApi", "defaultApi",
          "fromEnvApi"), accessors(client), "resources named like the client's members or keywords");
      assertTrue(Arrays.stream(client.getMethods()).anyMatch(m -> m.getName().equals("async")
          && m.getReturnType().getSimpleName().equals("TestGatewayClientAsync")), "the client's own async() stays");

      assertEquals(Set.of("callToString", "callWithRawResponse"), operations(classes.loadClass("example.api.AsyncApi")));
      assertEquals(Set.of("callHashCode"), operations(classes.loadClass("example.api.BuilderApi")));
      assertEquals(Set.of("callDefault"), operations(classes.loadClass("example.api.CloseApi")));
      assertEquals(Set.of("callGetClass"), operations(classes.loadClass("example.api.CoreApi")));
      assertEquals(Set.of("builder"), operations(classes.loadClass("example.api.BaseUrlApi")));
      assertEquals(Set.of("callCore"), operations(classes.loadClass("example.api.FromEnvApi")));
      assertEquals(Set.of("close"), operations(classes.loadClass("example.api.DefaultApi")));
      assertEquals(Set.of("callClass"), operations(classes.loadClass("example.api.ClassApi")));

      for (String model : List.of("ModelObject", "ModelClass", "ModelDefault", "ModelList", "ModelString",
          "ModelOverride", "ModelBoolean", "ModelVoid", "ModelMap")) {
        classes.loadClass("example.model." + model);
      }
      Class<?> params = classes.loadClass("example.api.AsyncApi$WithRawResponseParams");
      assertEquals(Set.of("_options", "_params"), setters(params), "query parameters named like the method's locals");
      assertEquals(Set.of("propertyClass", "_default", "_core"),
          setters(classes.loadClass("example.api.BuilderApi$HashCodeParams")));
      String closeApi = Files.readString(output.resolve("src/main/java/example/api/CloseApi.java"));
      assertTrue(closeApi.contains("public void callDefault(String _options, RequestOptions options)"),
          "a path parameter named options is _options beside the call's options");
      Class<?> kind = classes.loadClass("example.model.ModelClass$KindEnum");
      assertEquals("class", String.valueOf(kind.getField("CLASS").get(null)), "enum constants are upper case");
      Class<?> booleans = classes.loadClass("example.model.ModelBoolean");
      assertTrue(Arrays.stream(booleans.getMethods()).anyMatch(m -> m.getName().equals("_true")),
          "properties named true, false, null get the keyword rule");
    }
  }

  private static Set<String> accessors(Class<?> client) {
    return Arrays.stream(client.getDeclaredMethods())
        .filter(m -> m.getParameterCount() == 0 && m.getReturnType().getName().startsWith("example.api."))
        .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The service's public operations: methods that take the call's options last. */
  private static Set<String> operations(Class<?> service) {
    return Arrays.stream(service.getDeclaredMethods())
        .filter(m -> m.getParameterCount() > 0
            && m.getParameterTypes()[m.getParameterCount() - 1].getSimpleName().equals("RequestOptions"))
        .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> setters(Class<?> params) {
    return Arrays.stream(params.getDeclaredMethods())
        .filter(m -> m.getParameterCount() == 1 && m.getReturnType() == params)
        .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
  }
}
