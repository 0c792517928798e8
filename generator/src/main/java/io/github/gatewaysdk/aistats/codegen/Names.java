package io.github.gatewaysdk.aistats.codegen;

import java.util.Set;

/**
 * What a name from the contract becomes when Java or the SDK already uses it, on top of the stock generator's rules
 * for keywords (a model {@code Model<Name>}, a property or parameter {@code _<name>}, an operation
 * {@code call<Name>}); each rule is the stock rule for the same kind of name, so a user meets one convention. The
 * rules are listed in generator/README.md ("Names") and proven by {@code openapi/test-contracts/reserved-names.yaml}.
 */
final class Names {
  /** Not keywords, but no Java name either. */
  static final Set<String> LITERALS = Set.of("true", "false", "null");

  static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch",
      "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally",
      "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native", "new",
      "package", "private", "protected", "public", "return", "short", "static", "strictfp", "super", "switch",
      "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while", "var", "yield",
      "record", "true", "false", "null", "_");

  /**
   * Type names a generated class would shadow: java.lang's, and the ones the templates (stock models included) use
   * without their package, or declare nested in a model or service.
   */
  static final Set<String> TAKEN_TYPES = Set.of(
      // java.lang
      "Object", "String", "Integer", "Long", "Short", "Byte", "Double", "Float", "Boolean", "Character", "Number",
      "Void", "Class", "Enum", "Record", "Math", "System", "Thread", "Runnable", "Iterable", "Comparable",
      "CharSequence", "StringBuilder", "Throwable", "Exception", "Error", "RuntimeException", "Override",
      "Deprecated", "SuppressWarnings", "FunctionalInterface", "SafeVarargs", "Runtime", "Process", "Package",
      "Module", "IllegalArgumentException", "IllegalStateException", "AutoCloseable",
      // imported or referenced unqualified by the generated sources
      "List", "Map", "Set", "HashMap", "ArrayList", "LinkedHashMap", "LinkedHashSet", "HashSet", "Arrays", "Objects",
      "Collections", "NoSuchElementException", "BigDecimal", "UUID", "OffsetDateTime", "LocalDate", "URI", "File",
      "IOException", "CompletableFuture", "JsonNullable", "TypeReference", "JsonNode", "JsonParser",
      "JsonTypeName", "JsonPropertyOrder", "JsonValue", "JsonProperty", "JsonInclude", "JsonCreator", "JsonIgnore",
      "JsonFormat", "JsonAnySetter", "JsonAnyGetter", "JsonDeserialize", "ApiCore", "ApiRequest", "Checks",
      "RawResponse", "RequestOptions", "ResponseType", "ClientBuilder", "ApiEnum", "FilePart",
      // nested types of the generated classes
      "Branch", "Deserializer", "WithRawResponse");

  /** Members of the generated client and its asynchronous form, and of every object. */
  static final Set<String> CLIENT_MEMBERS = Set.of("async", "baseUrl", "builder", "close", "core", "fromEnv",
      "toString", "hashCode", "equals", "getClass", "notify", "notifyAll", "wait", "clone", "finalize");

  /** Members of every generated service (and of its raw-response form). */
  static final Set<String> SERVICE_MEMBERS = Set.of("core", "withRawResponse", "toString", "hashCode", "equals",
      "getClass", "notify", "notifyAll", "wait", "clone", "finalize");

  /**
   * Names an operation's method uses for itself (the client's core, the parameter object, the form request, the
   * call's options), and methods every parameter object has.
   */
  static final Set<String> METHOD_LOCALS = Set.of("core", "params", "request", "options", "toString", "hashCode",
      "equals", "getClass", "notify", "notifyAll", "wait", "clone", "finalize");

  private Names() {
  }

  /** A schema named like a taken type gets the stock keyword rule: {@code Map} is {@code ModelMap}. */
  static String modelName(String name) {
    return TAKEN_TYPES.contains(name) ? "Model" + name : name;
  }

  /** A parameter named like a method local gets the stock keyword rule: {@code options} is {@code _options}. */
  static String paramName(String name) {
    return METHOD_LOCALS.contains(name) ? "_" + name : name;
  }

  /** An operation whose method would be a keyword or a service member gets the stock rule: {@code callToString}. */
  static String methodName(String name) {
    return KEYWORDS.contains(name) || SERVICE_MEMBERS.contains(name) ? "call" + capitalize(name) : name;
  }

  /** A resource whose accessor would be a keyword or a client member is reached by its class's name: {@code asyncApi()}. */
  static String accessorName(String name) {
    return KEYWORDS.contains(name) || CLIENT_MEMBERS.contains(name) ? name + "Api" : name;
  }

  private static String capitalize(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
