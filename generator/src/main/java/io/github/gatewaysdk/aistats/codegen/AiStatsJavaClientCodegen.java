package io.github.gatewaysdk.aistats.codegen;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.Map;
import org.openapitools.codegen.CodegenOperation;
import org.openapitools.codegen.CodegenParameter;
import org.openapitools.codegen.api.TemplatingEngineAdapter;
import org.openapitools.codegen.languages.JavaClientCodegen;
import org.openapitools.codegen.utils.ModelUtils;

/**
 * The stock {@code java} generator with two changes this SDK needs:
 *
 * <ul>
 *   <li>Operations are grouped by resource, the first segment of their path, not by tag: the
 *       gateway tags every operation {@code Gateway}, which would put the whole API in one
 *       {@code GatewayApi}. {@code /images/edits} lands in {@code ImagesApi}, {@code /chat/...} in
 *       {@code ChatApi}.
 *   <li>{@code ApiClient} and the API classes are rendered from the stock templates with {@link
 *       StockTemplatePatch} applied (multipart parts, streaming JSON responses, and a method taking
 *       the form model for operations whose body is one: {@code x-form-model}).
 *   <li>Only Java sources are generated: the jar is built by this project's own POM, so the
 *       generator's build files, CI scaffolding, README and spec copy are left out.
 * </ul>
 */
public class AiStatsJavaClientCodegen extends JavaClientCodegen {

  public static final String NAME = "ai-stats-java";

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public void processOpts() {
    super.processOpts();
    supportingFiles.removeIf(file -> !file.getDestinationFilename().endsWith(".java"));
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

  /** Marks an operation whose parameters are exactly the fields of a form model with that model. */
  @Override
  public CodegenOperation fromOperation(String path, String httpMethod, Operation operation, List<Server> servers) {
    CodegenOperation op = super.fromOperation(path, httpMethod, operation, servers);
    String form = formModelOf(operation);
    if (form != null && !op.allParams.isEmpty() && op.allParams.stream().allMatch(p -> p.isFormParam)) {
      op.vendorExtensions.put("x-form-model", toModelName(form));
      for (CodegenParameter param : op.allParams) {
        param.vendorExtensions.put("x-form-getter", toGetter(param.paramName));
      }
    }
    return op;
  }

  /** The schema named by a form body ({@code multipart/form-data} or url-encoded), or null. */
  private String formModelOf(Operation operation) {
    RequestBody body = ModelUtils.getReferencedRequestBody(openAPI, operation.getRequestBody());
    if (body == null || body.getContent() == null) {
      return null;
    }
    for (String type : new String[] {"multipart/form-data", "application/x-www-form-urlencoded"}) {
      MediaType media = body.getContent().get(type);
      if (media != null && media.getSchema() != null && media.getSchema().get$ref() != null) {
        return ModelUtils.getSimpleRef(media.getSchema().get$ref());
      }
    }
    return null;
  }

  @Override
  public TemplatingEngineAdapter getTemplatingEngine() {
    return new StockTemplatePatch.Engine(super.getTemplatingEngine());
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
