package io.github.gatewaysdk.aistats.codegen;

import io.swagger.v3.oas.models.Operation;
import java.util.List;
import java.util.Map;
import org.openapitools.codegen.CodegenOperation;
import org.openapitools.codegen.api.TemplatingEngineAdapter;
import org.openapitools.codegen.languages.JavaClientCodegen;

/**
 * The stock {@code java} generator with two changes this SDK needs:
 *
 * <ul>
 *   <li>Operations are grouped by resource, the first segment of their path, not by tag: the
 *       gateway tags every operation {@code Gateway}, which would put the whole API in one
 *       {@code GatewayApi}. {@code /images/edits} lands in {@code ImagesApi}, {@code /chat/...} in
 *       {@code ChatApi}.
 *   <li>{@code ApiClient} is rendered from the stock template with {@link ApiClientTemplatePatch}
 *       applied (multipart parts and streaming JSON responses).
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

  @Override
  public TemplatingEngineAdapter getTemplatingEngine() {
    return new ApiClientTemplatePatch.Engine(super.getTemplatingEngine());
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
