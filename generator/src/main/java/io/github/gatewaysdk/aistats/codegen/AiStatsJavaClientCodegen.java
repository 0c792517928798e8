package io.github.gatewaysdk.aistats.codegen;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.servers.Server;
import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openapitools.codegen.CodegenModel;
import org.openapitools.codegen.CodegenOperation;
import org.openapitools.codegen.CodegenParameter;
import org.openapitools.codegen.CodegenProperty;
import org.openapitools.codegen.SupportingFile;
import org.openapitools.codegen.languages.JavaClientCodegen;
import org.openapitools.codegen.model.ModelMap;
import org.openapitools.codegen.model.ModelsMap;
import org.openapitools.codegen.model.OperationMap;
import org.openapitools.codegen.model.OperationsMap;
import org.openapitools.codegen.utils.CamelizeOption;
import org.openapitools.codegen.utils.ModelUtils;
import static org.openapitools.codegen.utils.StringUtils.camelize;

/**
 * The stock {@code java} generator's models, with this project's own services and client (templates in {@code
 * ai-stats-java/}): per resource a {@code <Resource>Api} whose methods describe a request and hand it to the
 * hand-written core ({@code ApiCore}) and its asynchronous twin {@code <Resource>ApiAsync} (futures, the same request
 * description), and one client class with an accessor per resource ({@code async()} for the twins).
 *
 * <ul>
 *   <li>Operations are grouped by resource, the first segment of their path, not by tag: the gateway tags every
 *       operation {@code Gateway}. {@code /images/edits} lands in {@code ImagesApi}, {@code /chat/...} in {@code
 *       ChatApi}, reached as {@code client.images()} and {@code client.chat()}.
 *   <li>The contract's constraints (required, minimum/maximum, lengths, pattern, item counts) of parameters and of
 *       the body's top-level properties become argument checks, run before anything is sent.
 *   <li>Customisation is data, in additional properties: {@code operationNames} ({@code operationId=method} pairs separated by semicolons, e.g.
 *       {@code createImageEdit=edit}), {@code resourceClasses} ({@code resource=class}, a hand-written subclass of
 *       the generated service that the client hands out), {@code operationChecks} ({@code operationId=Class.method},
 *       a hand-written check of the request for what the contract cannot say), {@code clientName} and
 *       {@code clientPackage}.
 *   <li>Only Java sources are generated: the stock supporting files (ApiClient, build files, docs) are not.
 * </ul>
 */
public class AiStatsJavaClientCodegen extends JavaClientCodegen {

  public static final String NAME = "ai-stats-java";
  static final String TEMPLATES = "ai-stats-java";
  private static final String FILE_PART = "FilePart";
  /** A Java type name within a type, e.g. each of {@code List<ImagesEditRequest>}. */
  private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

  private Map<String, String> operationNames = Collections.emptyMap();
  private Map<String, String> resourceClasses = Collections.emptyMap();
  private Map<String, String> operationChecks = Collections.emptyMap();

  public AiStatsJavaClientCodegen() {
    // Literals are not keywords, but no Java name either: the stock keyword rules then apply to them too.
    reservedWords.addAll(Names.LITERALS);
    // The stock client's local variable, not a Java name nor one of ours: the gateway's uploads have a file property.
    reservedWords.remove("file");
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public void processOpts() {
    super.processOpts();
    // Looked up first in this jar's folder, then in the stock Java templates (models).
    templateDir = TEMPLATES;
    supportingFiles.clear();
    apiTemplateFiles.clear();
    apiTemplateFiles.put("service.mustache", ".java");
    apiTemplateFiles.put("service_async.mustache", "Async.java");
    additionalProperties.put("supportUrlQuery", false);
    String clientName = (String) additionalProperties.computeIfAbsent("clientName", key -> "ApiClient");
    String clientPackage = (String) additionalProperties.computeIfAbsent("clientPackage", key -> invokerPackage);
    String clientFolder = (sourceFolder + File.separator + clientPackage).replace('.', File.separatorChar);
    supportingFiles.add(new SupportingFile("client.mustache", clientFolder, clientName + ".java"));
    supportingFiles.add(new SupportingFile("client_async.mustache", clientFolder, clientName + "Async.java"));
    supportingFiles.add(new SupportingFile("operations.mustache", clientFolder + File.separator + "internal",
        clientName + "Operations.java"));
    // A file (format: binary) is sent from a Path, bytes or a stream, with a file name and media type.
    typeMapping.put("binary", FILE_PART);
    typeMapping.put("file", FILE_PART);
    importMapping.put(FILE_PART, "io.github.gatewaysdk.aistats.core." + FILE_PART);
    operationNames = pairs("operationNames");
    resourceClasses = pairs("resourceClasses");
    operationChecks = pairs("operationChecks");
  }

  @Override
  public String toModelName(String name) {
    return Names.modelName(super.toModelName(name));
  }

  @Override
  public String toEnumVarName(String value, String datatype) {
    String name = super.toEnumVarName(value, datatype);
    // Constants are upper case, so never keywords; the stock escape of "class" would name one propertyClass.
    return name.equals("propertyClass") ? "CLASS" : name;
  }

  @Override
  public String toParamName(String name) {
    return Names.paramName(super.toParamName(name));
  }

  @Override
  public void preprocessOpenAPI(io.swagger.v3.oas.models.OpenAPI openAPI) {
    IntegerWidths.widen(openAPI);
    super.preprocessOpenAPI(openAPI);
    List<Server> servers = openAPI.getServers();
    additionalProperties.put("defaultBaseUrl",
        servers == null || servers.isEmpty() ? "http://localhost" : servers.get(0).getUrl());
  }

  @Override
  public void addOperationToGroup(
      String tag,
      String resourcePath,
      Operation operation,
      CodegenOperation co,
      Map<String, List<CodegenOperation>> operations) {
    String resource = resourceOf(resourcePath);
    String group = resource == null ? tag : sanitizeTag(resource);
    List<CodegenOperation> existing = operations.get(group);
    // The generator calls this once per tag; an operation with several tags belongs in its group once.
    if (existing != null && existing.stream().anyMatch(op -> isSameOperation(op, co))) {
      return;
    }
    super.addOperationToGroup(group, resourcePath, operation, co, operations);
  }

  @Override
  public CodegenOperation fromOperation(String path, String httpMethod, Operation operation, List<Server> servers) {
    CodegenOperation op = super.fromOperation(path, httpMethod, operation, servers);
    Map<String, Object> ext = op.vendorExtensions;
    ext.put("x-sdk-method", Names.methodName(operationNames.getOrDefault(op.operationId, op.operationId)));
    ext.put("x-http-method", httpMethod.toUpperCase(java.util.Locale.ROOT));
    String form = formModelOf(operation);
    if (form != null && !op.formParams.isEmpty()) {
      ext.put("x-form-model", toModelName(form));
      ext.put("x-form-media-type", formMediaTypeOf(operation));
      for (CodegenParameter param : op.formParams) {
        param.vendorExtensions.put("x-form-getter", toGetter(toVarName(param.baseName)));
      }
    }
    if (form == null && op.bodyParam != null && (op.bodyParam.isBinary || op.bodyParam.isFile)) {
      // A file as the whole body (an upload): sent as the media type the contract names, streamed as it is read.
      String mediaType = op.consumes == null || op.consumes.isEmpty() ? "application/octet-stream"
          : op.consumes.get(0).get("mediaType");
      op.bodyParam.vendorExtensions.put("x-binary-media-type", mediaType);
    }
    if (!op.queryParams.isEmpty() || !op.headerParams.isEmpty()) {
      String paramsClass = camelize(op.operationId) + "Params";
      ext.put("x-params-class", paramsClass);
      // Mustache looks vendorExtensions up in the nearest scope: a parameter's setters need the name there too.
      op.queryParams.forEach(param -> param.vendorExtensions.put("x-params-class", paramsClass));
      op.headerParams.forEach(param -> param.vendorExtensions.put("x-params-class", paramsClass));
    }
    responseOf(op);
    streamingOf(op, operation);
    textOf(op, operation);
    signatureOf(op);
    pagingOf(op, operation);
    ext.put("x-authenticated", operation.getSecurity() == null || !operation.getSecurity().isEmpty());
    ext.put("x-checks", checksOf(op, operation, form));
    String check = operationChecks.get(op.operationId);
    if (check != null) {
      ext.put("x-custom-check", check);
    }
    return op;
  }

  @Override
  public OperationsMap postProcessOperationsWithModels(OperationsMap objs, List<ModelMap> allModels) {
    OperationsMap result = super.postProcessOperationsWithModels(objs, allModels);
    OperationMap operations = result.getOperations();
    String path = operations.getOperation().isEmpty() ? "" : operations.getOperation().get(0).path;
    String resource = resourceOf(path);
    String accessor = Names.accessorName(
        camelize(sanitizeName(resource == null ? operations.getClassname() : resource), CamelizeOption.LOWERCASE_FIRST_LETTER));
    result.put("x-resource-accessor", accessor);
    result.put("x-resource-class",
        resourceClasses.getOrDefault(resource, apiPackage + "." + operations.getClassname()));
    // Hand-written subclasses add blocking helpers; the asynchronous service is the generated one.
    result.put("x-resource-async-class", apiPackage + "." + operations.getClassname() + "Async");
    Map<String, String> imported = new HashMap<>();
    for (Map<String, String> entry : result.getImports()) {
      imported.put(entry.get("classname"), entry.get("import"));
    }
    for (CodegenOperation op : operations.getOperation()) {
      indexArgumentsOf(op, apiPackage + "." + operations.getClassname(), imported);
    }
    return result;
  }

  /**
   * For the operation index ({@code operations.mustache}), which imports nothing of the services': the argument types
   * of {@link #signatureOf}, fully qualified, as class literals and as casts of {@code args[i]}.
   */
  private void indexArgumentsOf(CodegenOperation op, String serviceClass, Map<String, String> imported) {
    List<String> types = new ArrayList<>();
    for (CodegenParameter param : op.pathParams) {
      types.add(param.dataType);
    }
    Object paramsClass = op.vendorExtensions.get("x-params-class");
    if (paramsClass != null) {
      types.add(serviceClass + "." + paramsClass);
    }
    Object form = op.vendorExtensions.get("x-form-model");
    if (form != null) {
      types.add(modelPackage + "." + form);
    } else if (op.bodyParam != null) {
      types.add(op.bodyParam.dataType);
    }
    List<String> literals = new ArrayList<>();
    StringBuilder casts = new StringBuilder();
    for (int i = 0; i < types.size(); i++) {
      Matcher name = TYPE_NAME.matcher(types.get(i));
      StringBuffer qualified = new StringBuffer();
      while (name.find()) {
        name.appendReplacement(qualified,
            Matcher.quoteReplacement(imported.getOrDefault(name.group(), name.group())));
      }
      name.appendTail(qualified);
      String type = qualified.toString();
      literals.add(type.replaceAll("<.*>", "") + ".class");
      casts.append('(').append(type).append(") args[").append(i).append("], ");
    }
    op.vendorExtensions.put("x-index-types", String.join(", ", literals));
    op.vendorExtensions.put("x-index-args", casts.toString());
  }

  /**
   * The method's parameters, in the order users pass them: path parameters (in the path's order), the query and
   * header parameters as one object (so an added optional parameter keeps the signature), then the body.
   */
  private void signatureOf(CodegenOperation op) {
    List<String> params = new ArrayList<>();
    List<String> args = new ArrayList<>();
    for (CodegenParameter param : op.pathParams) {
      params.add(param.dataType + " " + param.paramName);
      args.add(param.paramName);
    }
    Object paramsClass = op.vendorExtensions.get("x-params-class");
    if (paramsClass != null) {
      params.add(paramsClass + " params");
      args.add("params");
    }
    Object form = op.vendorExtensions.get("x-form-model");
    if (form != null) {
      params.add(modelPackage + "." + form + " request");
      args.add("request");
    } else if (op.bodyParam != null) {
      params.add(op.bodyParam.dataType + " " + op.bodyParam.paramName);
      args.add(op.bodyParam.paramName);
    }
    String declared = String.join(", ", params);
    String passed = String.join(", ", args);
    op.vendorExtensions.put("x-params", declared);
    op.vendorExtensions.put("x-params-then", declared.isEmpty() ? "" : declared + ", ");
    op.vendorExtensions.put("x-args", passed);
    op.vendorExtensions.put("x-args-then", passed.isEmpty() ? "" : passed + ", ");
  }

  /**
   * Marks each union ({@code oneOf}/{@code anyOf} without properties of its own) for this project's union template,
   * which the stock {@code model.mustache} renders in place of its one-of interface ({@code oneof_interface}), and
   * describes its branches: Java type, JSON shape, and how a JSON value is recognised as that branch.
   */
  @Override
  public Map<String, ModelsMap> postProcessAllModels(Map<String, ModelsMap> objs) {
    Map<String, ModelsMap> result = super.postProcessAllModels(objs);
    for (ModelsMap models : result.values()) {
      for (ModelMap model : models.getModels()) {
        CodegenModel codegenModel = model.getModel();
        // Undeclared properties are kept by this project's additional_properties partial in every model; the stock
        // models of schemas with additionalProperties extend HashMap instead, and are then written as beans
        // (an "empty" property from isEmpty()).
        if (codegenModel.parent != null && codegenModel.parent.startsWith("HashMap<")) {
          codegenModel.parent = null;
        }
        // A discriminator on an object no schema extends or unites names no subtype: Jackson's type id would
        // then accept only the model's own name. Such a model is a plain class.
        if (codegenModel.discriminator != null && codegenModel.getComposedSchemas() == null
            && (codegenModel.discriminator.getMappedModels() == null || codegenModel.discriminator.getMappedModels()
                .stream().allMatch(mapped -> mapped.getModelName().equals(codegenModel.classname)))) {
          codegenModel.discriminator = null;
          codegenModel.setHasDiscriminatorWithNonEmptyMapping(false);
        }
        // An unset property is left out of what is sent, its default the server's: the stock models would start
        // it at the contract's default and send that as if the caller had set it.
        for (List<CodegenProperty> vars : List.of(codegenModel.vars, codegenModel.allVars,
            codegenModel.optionalVars, codegenModel.requiredVars, codegenModel.readWriteVars)) {
          vars.forEach(property -> property.defaultValue = null);
        }
        Unions.describe(codegenModel, openAPI, this);
      }
    }
    return result;
  }

  /** What the operation answers: the Java type the method returns and how the core reads the body. */
  private void responseOf(CodegenOperation op) {
    Map<String, Object> ext = op.vendorExtensions;
    String returnType = op.returnType;
    String responseType;
    if (returnType == null) {
      returnType = "Void";
      responseType = "ResponseType.none()";
    } else if (op.isResponseFile || op.isResponseBinary || FILE_PART.equals(returnType)) {
      // Handed on as it arrives, of any size: audio, video and files are not held in memory by the SDK.
      returnType = "io.github.gatewaysdk.aistats.core.BinaryResponse";
      responseType = "ResponseType.binary(\"" + producedTypes(op, "application/octet-stream") + "\")";
    } else if ("String".equals(returnType) && !producedTypes(op, "application/json").contains("json")) {
      responseType = "ResponseType.text()";
    } else {
      responseType = "ResponseType.json(new TypeReference<" + returnType + ">() {})";
    }
    ext.put("x-return-type", returnType);
    ext.put("x-returns-void", op.returnType == null);
    ext.put("x-response-type", responseType);
  }

  /**
   * An operation whose success may come as {@code text/event-stream} gets a streaming twin of its method
   * ({@code <method>Streaming}): its events as they arrive, read into the stream schema's model when it names one, else
   * as sent; a request body with a boolean {@code stream} property has it set, as the gateway asks.
   */
  private void streamingOf(CodegenOperation op, Operation operation) {
    MediaType events = successContent(operation, "text/event-stream");
    if (events == null) {
      return;
    }
    String ref = events.getSchema() == null ? null : events.getSchema().get$ref();
    String model = ref == null ? null : toModelName(ModelUtils.getSimpleRef(ref));
    Map<String, Object> ext = op.vendorExtensions;
    ext.put("x-streaming", true);
    ext.put("x-stream-sdk-method", ext.get("x-sdk-method") + "Streaming");
    ext.put("x-stream-return-type", "io.github.gatewaysdk.aistats.core.EventStream<"
        + (model == null ? "io.github.gatewaysdk.aistats.core.ServerSentEvent" : model) + ">");
    ext.put("x-stream-response-type", model == null ? "ResponseType.events()"
        : "ResponseType.events(new TypeReference<" + model + ">() {})");
    Schema<?> body = bodySchemaOf(operation);
    Schema<?> flag = body == null || body.getProperties() == null ? null
        : ModelUtils.getReferencedSchema(openAPI, body.getProperties().get("stream"));
    boolean hasFlag = flag != null && "boolean".equals(ModelUtils.getType(flag));
    ext.put("x-stream-flag", hasFlag ? "\"stream\"" : "null");
  }

  /**
   * An operation answering JSON that offers text alternatives besides it (the gateway's lists as RSS or Atom feeds:
   * a string schema of another media type) gets a text twin ({@code <method>Text}): the answer in the media type the
   * caller names, as text.
   */
  private void textOf(CodegenOperation op, Operation operation) {
    Map<String, Object> ext = op.vendorExtensions;
    if (!String.valueOf(ext.get("x-response-type")).startsWith("ResponseType.json") || operation.getResponses() == null) {
      return;
    }
    Set<String> alternatives = new LinkedHashSet<>();
    operation.getResponses().forEach((status, response) -> {
      Content content = ModelUtils.getReferencedApiResponse(openAPI, response).getContent();
      if (status.startsWith("2") && content != null) {
        content.forEach((mediaType, media) -> {
          Schema<?> schema = media.getSchema() == null ? null
              : ModelUtils.getReferencedSchema(openAPI, media.getSchema());
          String essence = mediaType.toLowerCase(Locale.ROOT);
          if (schema != null && "string".equals(ModelUtils.getType(schema)) && !"binary".equals(schema.getFormat())
              && !essence.equals("application/json") && !essence.endsWith("+json")
              && !essence.equals("text/event-stream")) {
            alternatives.add(mediaType);
          }
        });
      }
    });
    if (alternatives.isEmpty()) {
      return;
    }
    ext.put("x-text", true);
    ext.put("x-text-sdk-method", ext.get("x-sdk-method") + "Text");
    ext.put("x-text-media-types", String.join(", ", alternatives));
  }

  /** @return the content of {@code mediaType} a success (2xx) answer of the operation offers, or null */
  private MediaType successContent(Operation operation, String mediaType) {
    MediaType found = null;
    if (operation.getResponses() != null) {
      for (Map.Entry<String, io.swagger.v3.oas.models.responses.ApiResponse> response
          : operation.getResponses().entrySet()) {
        io.swagger.v3.oas.models.responses.ApiResponse answer =
            ModelUtils.getReferencedApiResponse(openAPI, response.getValue());
        if (response.getKey().startsWith("2") && answer.getContent() != null
            && answer.getContent().get(mediaType) != null) {
          found = answer.getContent().get(mediaType);
        }
      }
    }
    return found;
  }

  /**
   * A list operation that pages with integer {@code offset} and {@code limit} query parameters, and answers an object
   * holding its items in an array of a named schema ({@link #pageItemsOf}), gets an auto-pager twin
   * ({@code <method>AutoPaging}): every item, page after page; a {@code total_count} or {@code total} property of the
   * answer, when it has one, bounds it.
   */
  private void pagingOf(CodegenOperation op, Operation operation) {
    CodegenParameter offset = null;
    CodegenParameter limit = null;
    for (CodegenParameter param : op.queryParams) {
      if ("offset".equals(param.baseName) && param.isInteger) {
        offset = param;
      } else if ("limit".equals(param.baseName) && param.isInteger) {
        limit = param;
      }
    }
    if (offset == null || limit == null) {
      return;
    }
    MediaType json = successContent(operation, "application/json");
    Schema<?> answer = json == null ? null : ModelUtils.getReferencedSchema(openAPI, json.getSchema());
    String itemsProperty = answer == null ? null : pageItemsOf(answer);
    if (itemsProperty == null) {
      return;
    }
    Schema<?> items = ModelUtils.getReferencedSchema(openAPI, answer.getProperties().get(itemsProperty)).getItems();
    Map<String, Object> ext = op.vendorExtensions;
    ext.put("x-paging", true);
    ext.put("x-paging-sdk-method", ext.get("x-sdk-method") + "AutoPaging");
    // Qualified: the service imports the models it takes and returns, not those they hold.
    ext.put("x-page-item", modelPackage() + "." + toModelName(ModelUtils.getSimpleRef(items.get$ref())));
    ext.put("x-page-offset", offset.paramName);
    ext.put("x-page-limit", limit.paramName);
    ext.put("x-page-items-getter", toGetter(toVarName(itemsProperty)));
    String total = answer.getProperties().containsKey("total_count") ? "total_count"
        : answer.getProperties().containsKey("total") ? "total" : null;
    ext.put("x-page-total", total == null ? "null" : "page." + toGetter(toVarName(total)) + "()");
    // The call of one page: the same arguments, the parameters a copy starting at the page's offset.
    ext.put("x-page-args-then", String.valueOf(ext.get("x-args-then")).replaceAll("\\bparams\\b",
        "params.copy()." + offset.paramName + "((int) offset)"));
  }

  /**
   * @return the property of a page that holds its items, an array of a named schema: {@code data}, or the page's only
   *     array (the gateway's {@code models}, {@code providers}, {@code activity} ...); null when there is none or two
   */
  private String pageItemsOf(Schema<?> page) {
    if (page.getProperties() == null) {
      return null;
    }
    List<String> arrays = new ArrayList<>();
    page.getProperties().forEach((name, property) -> {
      Schema<?> items = ModelUtils.getReferencedSchema(openAPI, property).getItems();
      if (items != null && items.get$ref() != null) {
        arrays.add(name);
      }
    });
    return arrays.contains("data") ? "data" : arrays.size() == 1 ? arrays.get(0) : null;
  }

  private static String producedTypes(CodegenOperation op, String fallback) {
    if (op.produces == null || op.produces.isEmpty()) {
      return fallback;
    }
    List<String> types = new ArrayList<>();
    for (Map<String, String> produced : op.produces) {
      types.add(produced.get("mediaType"));
    }
    return String.join(", ", types);
  }

  /** The contract's constraints on the operation's arguments, as {@link ArgumentChecks} reads them. */
  private List<Map<String, Object>> checksOf(CodegenOperation op, Operation operation, String form) {
    ArgumentChecks checks = new ArgumentChecks(openAPI, name -> toGetter(toVarName(name)));
    for (CodegenParameter param : op.queryParams) {
      checks.add(param.baseName, "params." + param.paramName + "()", param.required, schemaOf(operation, param));
    }
    for (CodegenParameter param : op.headerParams) {
      checks.add(param.baseName, "params." + param.paramName + "()", param.required, schemaOf(operation, param));
    }
    Schema<?> body = bodySchemaOf(operation);
    if (body != null && (form != null || op.bodyParam != null)) {
      boolean required = operation.getRequestBody() != null
          && Boolean.TRUE.equals(ModelUtils.getReferencedRequestBody(openAPI, operation.getRequestBody()).getRequired());
      checks.addBody(form != null ? "request" : op.bodyParam.paramName, required, body);
    }
    return checks.list();
  }

  private Schema<?> schemaOf(Operation operation, CodegenParameter param) {
    if (operation.getParameters() == null) {
      return null;
    }
    for (io.swagger.v3.oas.models.parameters.Parameter parameter : operation.getParameters()) {
      io.swagger.v3.oas.models.parameters.Parameter resolved = ModelUtils.getReferencedParameter(openAPI, parameter);
      if (resolved.getName().equals(param.baseName)) {
        return resolved.getSchema();
      }
    }
    return null;
  }

  /** The schema of the operation's body (JSON or form), resolved, or null. */
  private Schema<?> bodySchemaOf(Operation operation) {
    RequestBody body = ModelUtils.getReferencedRequestBody(openAPI, operation.getRequestBody());
    if (body == null || body.getContent() == null) {
      return null;
    }
    for (MediaType media : body.getContent().values()) {
      if (media.getSchema() != null) {
        return ModelUtils.getReferencedSchema(openAPI, media.getSchema());
      }
    }
    return null;
  }

  /** The media type of a form body ({@code multipart/form-data} or url-encoded) whose schema is named, or null. */
  private String formMediaTypeOf(Operation operation) {
    RequestBody body = ModelUtils.getReferencedRequestBody(openAPI, operation.getRequestBody());
    if (body == null || body.getContent() == null) {
      return null;
    }
    for (String type : new String[] {"multipart/form-data", "application/x-www-form-urlencoded"}) {
      MediaType media = body.getContent().get(type);
      if (media != null && media.getSchema() != null && media.getSchema().get$ref() != null) {
        return type;
      }
    }
    return null;
  }

  /** The schema named by a form body, or null. */
  private String formModelOf(Operation operation) {
    String type = formMediaTypeOf(operation);
    if (type == null) {
      return null;
    }
    RequestBody body = ModelUtils.getReferencedRequestBody(openAPI, operation.getRequestBody());
    return ModelUtils.getSimpleRef(body.getContent().get(type).getSchema().get$ref());
  }

  private Map<String, String> pairs(String property) {
    Object value = additionalProperties.get(property);
    Map<String, String> pairs = new LinkedHashMap<>();
    if (value == null || value.toString().trim().isEmpty()) {
      return pairs;
    }
    for (String pair : value.toString().split(";")) {
      String[] keyValue = pair.trim().split("=", 2);
      if (keyValue.length != 2) {
        throw new IllegalArgumentException(property + " takes key=value pairs separated by semicolons, got \"" + pair
            + "\"");
      }
      pairs.put(keyValue[0].trim(), keyValue[1].trim());
    }
    return pairs;
  }

  /** The first literal path segment ({@code /images/edits} gives {@code images}), or null. */
  static String resourceOf(String path) {
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        return segment.startsWith("{") ? null : segment;
      }
    }
    return null;
  }

  private static boolean isSameOperation(CodegenOperation a, CodegenOperation b) {
    return a.path.equals(b.path) && a.httpMethod.equals(b.httpMethod);
  }
}
