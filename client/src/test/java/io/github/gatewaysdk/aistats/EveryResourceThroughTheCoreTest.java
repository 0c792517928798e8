package io.github.gatewaysdk.aistats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.gatewaysdk.aistats.core.ApiEnum;
import io.github.gatewaysdk.aistats.core.RawResponse;
import io.github.gatewaysdk.aistats.core.RequestOptions;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whatever contract the client was generated from ({@code -Dcontract.file}), every resource the client offers sends
 * an operation through the client's core to a local server and reads its answer. The test knows no operation: it
 * finds the resources and their operations by reflection and fills in arguments of simple types.
 */
class EveryResourceThroughTheCoreTest {
  /**
   * Tried in turn for every string argument: a plain word, then a value the image checks accept too; first with the
   * query and header parameters unset, then with all of them set.
   */
  private static final List<String> STRINGS = List.of("x", TestSupport.PNG_DATA_URL);

  private HttpServer server;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private volatile String nextJson = "{}";

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
      String accept = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"));
      byte[] body;
      String type;
      if (accept.contains("json")) {
        type = "application/json";
        body = nextJson.getBytes(StandardCharsets.UTF_8);
      } else if (accept.startsWith("text/plain")) {
        type = "text/plain";
        body = "text".getBytes(StandardCharsets.UTF_8);
      } else if (accept.equals("*/*")) {
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
        return;
      } else {
        type = accept.split(",")[0].trim().replace("*", "any");
        body = new byte[] {1, 2, 3};
      }
      exchange.getResponseHeaders().add("Content-Type", type);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void oneOperationOfEachResourceTravelsThroughTheCore() throws Exception {
    List<String> intercepted = new CopyOnWriteArrayList<>();
    List<String> resources = new ArrayList<>();
    String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    try (AiStatsClient client = TestSupport.clientFor(baseUrl)
        .addInterceptor(chain -> {
          intercepted.add(chain.request().operation());
          return chain.proceed(chain.request());
        }).build()) {
      for (Method accessor : sorted(AiStatsClient.class.getMethods())) {
        if (accessor.getParameterCount() != 0 || !hasRawForm(accessor.getReturnType())) {
          continue;
        }
        resources.add(accessor.getName());
        Object service = accessor.invoke(client);
        Object raw = service.getClass().getMethod("withRawResponse").invoke(service);
        List<String> refused = new ArrayList<>();
        assertTrue(driveOne(raw, refused), accessor.getName() + "(): no operation could be sent: " + refused);
      }
    }
    assertFalse(resources.isEmpty(), "the client offers no resource");
    assertEquals(resources.size(), intercepted.size(), "one attempt per resource, through the core: " + intercepted);
    assertEquals(resources.size(), received.size(), "and each reached the server: " + received);
  }

  /** Sends the first operation of a service whose arguments pass its checks; false when none does. */
  private boolean driveOne(Object raw, List<String> refused) throws Exception {
    for (Method operation : sorted(raw.getClass().getMethods())) {
      Class<?>[] types = operation.getParameterTypes();
      if (operation.getDeclaringClass() != raw.getClass() || types.length == 0
          || types[types.length - 1] != RequestOptions.class) {
        continue;
      }
      for (int attempt = 0; attempt < 2 * STRINGS.size(); attempt++) {
        String text = STRINGS.get(attempt % STRINGS.size());
        boolean everyParameter = attempt >= STRINGS.size();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length - 1; i++) {
          args[i] = sample(operation.getGenericParameterTypes()[i], text, 0, everyParameter);
        }
        args[types.length - 1] = RequestOptions.none();
        nextJson = jsonFor(((ParameterizedType) operation.getGenericReturnType()).getActualTypeArguments()[0]);
        try {
          RawResponse<?> response = (RawResponse<?>) operation.invoke(raw, args);
          assertTrue(response.statusCode() >= 200 && response.statusCode() < 300, operation.getName());
          if (response.body() instanceof AutoCloseable) {
            ((AutoCloseable) response.body()).close(); // a binary answer holds its connection until closed
          }
          return true;
        } catch (InvocationTargetException e) {
          if (!(e.getCause() instanceof IllegalArgumentException)) {
            throw e;
          }
          refused.add(operation.getName() + ": " + e.getCause().getMessage());
        }
      }
    }
    return false;
  }

  private static boolean hasRawForm(Class<?> type) {
    try {
      type.getMethod("withRawResponse");
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /**
   * A value of a simple type; a model with its simple-typed and list properties set (a list holds one sample of its
   * item type), a parameter object too when {@code everyParameter}; a union made by its factory for text. Null for
   * what it cannot make.
   */
  private static Object sample(Type declared, String text, int depth, boolean everyParameter)
      throws Exception {
    Class<?> type = rawClass(declared);
    if (type == String.class) {
      return text;
    }
    if (type == Integer.class || type == int.class) {
      return 1;
    }
    if (type == Long.class || type == long.class) {
      return 1L;
    }
    if (type == Double.class || type == Float.class || type == BigDecimal.class) {
      return type == BigDecimal.class ? BigDecimal.ONE : type == Double.class ? (Object) 1.0 : (Object) 1.0f;
    }
    if (type == Boolean.class || type == boolean.class) {
      return true;
    }
    if (type.isEnum()) {
      return type.getEnumConstants()[0];
    }
    if (type == java.util.UUID.class) {
      return java.util.UUID.fromString("3f2c7a5e-8b1d-4e6f-9a0b-1c2d3e4f5a6b");
    }
    if (type == java.net.URI.class) {
      return java.net.URI.create("https://example.com/" + depth);
    }
    if (type == java.time.OffsetDateTime.class) {
      return java.time.OffsetDateTime.parse("2026-01-02T03:04:05Z");
    }
    if (type == java.time.LocalDate.class) {
      return java.time.LocalDate.parse("2026-01-02");
    }
    if (ApiEnum.class.isAssignableFrom(type)) {
      return ((List<?>) type.getMethod("values").invoke(null)).get(0); // an open enum: its first listed value
    }
    if (depth > 3 || type == Object.class) {
      return null;
    }
    if (List.class.isAssignableFrom(type) && declared instanceof ParameterizedType) {
      Object item = sample(((ParameterizedType) declared).getActualTypeArguments()[0], text, depth + 1, everyParameter);
      return item == null ? null : new ArrayList<>(List.of(item));
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)
        || Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
      return null;
    }
    Constructor<?> constructor;
    try {
      constructor = type.getConstructor();
    } catch (NoSuchMethodException e) {
      return fromFactory(type, text);
    }
    Object value = constructor.newInstance();
    if (type.getSimpleName().endsWith("Params") && !everyParameter) {
      return value; // query and header parameters: first tried unset, as their bounds are the contract's
    }
    for (Method setter : sorted(type.getMethods())) {
      if (setter.getParameterCount() == 1 && setter.getDeclaringClass() == type && !setter.getName().startsWith("get")
          && !setter.getName().startsWith("add") && !setter.getName().startsWith("put") && isSimple(setter)) {
        setter.invoke(value, sample(setter.getGenericParameterTypes()[0], text, depth + 1, everyParameter));
      }
    }
    return value;
  }

  /** A union made by its public factory from a text, or a list of one text; null when it has neither branch. */
  private static Object fromFactory(Class<?> type, String text) throws Exception {
    Method factory = stringFactory(type);
    if (factory == null) {
      return null;
    }
    return factory.invoke(null, factory.getParameterTypes()[0] == String.class ? text : List.of(text));
  }

  private static Method stringFactory(Class<?> type) {
    if (!type.getName().startsWith("io.github.gatewaysdk.aistats.model.")) {
      return null;
    }
    for (Method factory : sorted(type.getMethods())) {
      if (Modifier.isStatic(factory.getModifiers()) && factory.getReturnType() == type
          && factory.getParameterCount() == 1
          && (factory.getParameterTypes()[0] == String.class || factory.getParameterTypes()[0] == List.class)) {
        return factory;
      }
    }
    return null;
  }

  private static Class<?> rawClass(Type type) {
    return (Class<?>) (type instanceof ParameterizedType ? ((ParameterizedType) type).getRawType() : type);
  }

  private static boolean isSimple(Method setter) {
    Class<?> type = setter.getParameterTypes()[0];
    return type == String.class || Number.class.isAssignableFrom(type) || type == Boolean.class || type.isEnum()
        || type == java.util.UUID.class || type == java.net.URI.class || type == java.time.OffsetDateTime.class
        || type == java.time.LocalDate.class || ApiEnum.class.isAssignableFrom(type) || List.class.isAssignableFrom(type) || stringFactory(type) != null;
  }

  /** A JSON body of the shape {@code type} reads: an empty array, or an empty object. */
  private static String jsonFor(Type type) {
    Type raw = type instanceof ParameterizedType ? ((ParameterizedType) type).getRawType() : type;
    if (raw instanceof Class && (Collection.class.isAssignableFrom((Class<?>) raw) || ((Class<?>) raw).isArray())) {
      return "[]";
    }
    return raw == String.class ? "\"text\"" : "{}";
  }

  private static List<Method> sorted(Method[] methods) {
    List<Method> list = new ArrayList<>(Arrays.asList(methods));
    list.sort(Comparator.comparing(Method::getName).thenComparing(m -> m.getParameterCount()));
    return list;
  }
}
