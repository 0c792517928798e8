package io.github.gatewaysdk.aistats.codegen;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.openapitools.codegen.api.TemplatingEngineAdapter;
import org.openapitools.codegen.api.TemplatingExecutor;

/**
 * Small, checked edits of the generator's own templates (apache-httpclient library), applied when
 * a template is rendered. Keeping only the edits here, rather than full copies of the templates,
 * means a generator upgrade brings its fixes along, and a change to the lines edited here fails
 * the build instead of being silently overridden.
 *
 * <p>{@code ApiClient.mustache}:
 *
 * <ol>
 *   <li>Multipart: an object value (a model such as {@code ProviderRoutingOptions}) becomes an
 *       {@code application/json} part, as OpenAPI 3.0 specifies for object properties; the stock
 *       client sends its {@code toString()}. Text parts are {@code text/plain; charset=UTF-8}; the
 *       stock default is ISO-8859-1, which turns non-Latin prompts into question marks. The body is
 *       the client module's {@code MultipartForm}, not HttpClient's {@code MultipartEntityBuilder}:
 *       the same bytes, without the builder's second formatting of every part header (to count the
 *       length), and without its {@code charset=ISO-8859-1} label.
 *   <li>JSON responses are read from the stream, not through a String of the whole body (image
 *       responses carry megabytes of base64).
 *   <li>The JSON media-type pattern is compiled once, not on each of the four checks every call
 *       makes (it was the largest per-call allocation of a small request; see benchmarks/), and
 *       {@code application/json}, {@code *}{@code /*} and types without "json" skip it.
 *   <li>Per-call parsing the answer does not change is skipped: the request URI is parsed once
 *       while the base path and path stay the same, a bare request media type is not re-parsed,
 *       the response's media type is read without {@code ContentType.parse}, and the text-part
 *       content type is a constant.
 * </ol>
 *
 * <p>{@code api.mustache}: an operation whose body is a form model ({@code x-form-model}, set by
 * {@link AiStatsJavaClientCodegen}) also gets a method taking that model. The positional method
 * changes whenever the contract adds a field; this one keeps its signature. Each operation's
 * {@code TypeReference} is a constant, not made on each call.
 */
final class StockTemplatePatch {

  private static final String[][] API_CLIENT_EDITS = {
    {
      "    String jsonMime = \"(?i)^(application/json|[^;/ \\t]+/[^;/ \\t]+[+]json)[ \\t]*(;.*)?$\";\n"
          + "    return mime != null && (mime.matches(jsonMime) || mime.equals(\"*/*\"));\n",
      "    if (mime == null) {\n"
          + "      return false;\n"
          + "    }\n"
          + "    if (mime.equalsIgnoreCase(\"application/json\") || mime.equals(\"*/*\")) {\n"
          + "      return true;\n"
          + "    }\n"
          + "    // Every JSON media type names json: the cheap test spares the others (multipart/form-data) the match.\n"
          + "    return mime.toLowerCase(java.util.Locale.ROOT).contains(\"json\") && JSON_MIME.matcher(mime).matches();\n"
    },
    {
      "      return ContentType.parse(headerValue);\n",
      "      // The operations declare bare media types, which need no parsing.\n"
          + "      return headerValue.indexOf(';') < 0 ? ContentType.create(headerValue.trim()) : ContentType.parse(headerValue);\n"
    },
    {
      "    builder.setUri(url);\n",
      "    builder.setUri(parsedUri(url));\n"
    },
    {
      "  protected boolean isSuccessfulStatus(int statusCode) {\n",
      "  // Parsing the URL was a visible part of a small call's cost; calls to the same URL reuse the last parse.\n"
          + "  private volatile URI lastUri;\n\n"
          + "  private URI parsedUri(String url) {\n"
          + "    URI last = lastUri;\n"
          + "    if (last == null || !last.toString().equals(url)) {\n"
          + "      last = URI.create(url);\n"
          + "      lastUri = last;\n"
          + "    }\n"
          + "    return last;\n"
          + "  }\n\n"
          + "  protected boolean isSuccessfulStatus(int statusCode) {\n"
    },
    {
      "      return getContentType(contentTypeHeader.getValue()).getMimeType();\n",
      "      // Only the media type is used; parsing the parameters as well cost more than the rest of the check.\n"
          + "      String value = contentTypeHeader.getValue();\n"
          + "      int parameters = value.indexOf(';');\n"
          + "      return (parameters < 0 ? value : value.substring(0, parameters)).trim().toLowerCase(java.util.Locale.ROOT);\n"
    },
    {
      "import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;\n",
      ""
    },
    {
      "      MultipartEntityBuilder multiPartBuilder = MultipartEntityBuilder.create();\n",
      "      MultipartForm.Builder multiPartBuilder = MultipartForm.create();\n"
    },
    {
      "        } else {\n"
          + "          Charset charset = contentType.getCharset();\n"
          + "          if (charset != null) {\n"
          + "            ContentType customContentType = ContentType.create(ContentType.TEXT_PLAIN.getMimeType(), charset);\n"
          + "            multiPartBuilder.addTextBody(paramEntry.getKey(), parameterToString(paramEntry.getValue()),\n"
          + "                    customContentType);\n"
          + "          } else {\n"
          + "            multiPartBuilder.addTextBody(paramEntry.getKey(), parameterToString(paramEntry.getValue()));\n"
          + "          }\n"
          + "        }\n",
      "        } else if (isJsonPart(value)) {\n"
          + "          // OpenAPI 3.0: an object property of a multipart body is an application/json part.\n"
          + "          try {\n"
          + "            multiPartBuilder.addBinaryBody(paramEntry.getKey(), objectMapper.writeValueAsBytes(value),\n"
          + "                ContentType.APPLICATION_JSON, null);\n"
          + "          } catch (IOException e) {\n"
          + "            throw new ApiException(e);\n"
          + "          }\n"
          + "        } else {\n"
          + "          multiPartBuilder.addTextBody(paramEntry.getKey(), parameterToString(value), TEXT_PART);\n"
          + "        }\n"
    },
    {
      "  /**\n   * Deserialize response body to Java object according to the Content-Type.\n",
      "  private static final Pattern JSON_MIME =\n"
          + "      Pattern.compile(\"(?i)^(application/json|[^;/ \\t]+/[^;/ \\t]+[+]json)[ \\t]*(;.*)?$\");\n"
          + "  private static final ContentType TEXT_PART = ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8);\n\n"
          + "  /** Whether a multipart value is sent as JSON: anything but scalars, dates, collections and files. */\n"
          + "  private static boolean isJsonPart(Object value) {\n"
          + "    return !(value instanceof CharSequence || value instanceof Number || value instanceof Boolean\n"
          + "        || value instanceof Character || value instanceof Enum || value instanceof Date\n"
          + "        || value instanceof java.time.temporal.TemporalAccessor || value instanceof Collection);\n"
          + "  }\n\n"
          + "  /**\n   * Deserialize response body to Java object according to the Content-Type.\n"
    },
    {
      "      // convert input stream to string\n"
          + "      String content = EntityUtils.toString(entity);\n"
          + "\n"
          + "      if (\"\".equals(content)) { // returns null for empty body\n"
          + "        return null;\n"
          + "      }\n"
          + "\n"
          + "      return objectMapper.readValue(content, valueType);\n",
      "      // Parsed from the stream; an empty body gives null.\n"
          + "      if (entity == null) {\n"
          + "        return null;\n"
          + "      }\n"
          + "      try (java.io.PushbackInputStream content = new java.io.PushbackInputStream(entity.getContent())) {\n"
          + "        int first = content.read();\n"
          + "        if (first == -1) {\n"
          + "          return null;\n"
          + "        }\n"
          + "        content.unread(first);\n"
          + "        return objectMapper.readValue(content, valueType);\n"
          + "      }\n"
    },
  };

  private static final String RETURN_TYPE_CONSTANT =
      "{{#lambda.uppercase}}{{#lambda.snakecase}}{{operationId}}{{/lambda.snakecase}}{{/lambda.uppercase}}_RETURN_TYPE";

  private static final String[][] API_EDITS = {
    {
      "    TypeReference<{{{returnType}}}> localVarReturnType = new TypeReference<{{{returnType}}}>() {};\n",
      "    TypeReference<{{{returnType}}}> localVarReturnType = " + RETURN_TYPE_CONSTANT + ";\n"
    },
    {
      "        {{#returnType}}localVarReturnType{{/returnType}}{{^returnType}}null{{/returnType}}\n"
          + "    );\n"
          + "  }\n",
      "        {{#returnType}}localVarReturnType{{/returnType}}{{^returnType}}null{{/returnType}}\n"
          + "    );\n"
          + "  }\n"
          + "  {{#returnType}}\n\n"
          + "  // Made once: a TypeReference reflects on its own class when created, which was part of every call's cost.\n"
          + "  private static final TypeReference<{{{returnType}}}> " + RETURN_TYPE_CONSTANT + " =\n"
          + "      new TypeReference<{{{returnType}}}>() {};\n"
          + "  {{/returnType}}\n"
    },
    {
      "  {{#-last}}\n  @Override\n  public <T> T invokeAPI(",
      "  {{#vendorExtensions.x-form-model}}\n"
          + "  /**\n"
          + "   * {{summary}}, with the request as its form model: unlike the method with one parameter per field,\n"
          + "   * this signature stays the same when the contract adds an optional field.\n"
          + "   * @param form the request ({{vendorExtensions.x-form-model}}); required\n"
          + "   * @param additionalHeaders additional headers to send with the request\n"
          + "   * @return {{#returnType}}{{returnType}}{{/returnType}}{{^returnType}}nothing{{/returnType}}\n"
          + "   * @throws ApiException if fails to make API call\n"
          + "   */\n"
          + "  public {{#returnType}}{{{returnType}}}{{/returnType}}{{^returnType}}void{{/returnType}} {{operationId}}("
          + "{{modelPackage}}.{{vendorExtensions.x-form-model}} form, Map<String, String> additionalHeaders) throws ApiException {\n"
          + "    if (form == null) {\n"
          + "      throw new ApiException(400, \"Missing the required parameter 'form' when calling {{operationId}}\");\n"
          + "    }\n"
          + "    {{#returnType}}return {{/returnType}}this.{{operationId}}("
          + "{{#allParams}}form.{{vendorExtensions.x-form-getter}}(), {{/allParams}}additionalHeaders);\n"
          + "  }\n\n"
          + "  /**\n"
          + "   * {{summary}}, with the request as its form model.\n"
          + "   * @param form the request ({{vendorExtensions.x-form-model}}); required\n"
          + "   * @return {{#returnType}}{{returnType}}{{/returnType}}{{^returnType}}nothing{{/returnType}}\n"
          + "   * @throws ApiException if fails to make API call\n"
          + "   */\n"
          + "  public {{#returnType}}{{{returnType}}}{{/returnType}}{{^returnType}}void{{/returnType}} {{operationId}}("
          + "{{modelPackage}}.{{vendorExtensions.x-form-model}} form) throws ApiException {\n"
          + "    {{#returnType}}return {{/returnType}}this.{{operationId}}(form, Collections.<String, String>emptyMap());\n"
          + "  }\n\n"
          + "  {{/vendorExtensions.x-form-model}}\n"
          + "  {{#-last}}\n  @Override\n  public <T> T invokeAPI("
    },
  };

  private static final Map<String, String[][]> EDITS_BY_TEMPLATE = new HashMap<>();

  static {
    EDITS_BY_TEMPLATE.put("ApiClient.mustache", API_CLIENT_EDITS);
    EDITS_BY_TEMPLATE.put("api.mustache", API_EDITS);
  }

  private StockTemplatePatch() {}

  /** Applies every edit of {@code template}; each must match the stock template exactly once. */
  static String apply(String template, String contents) {
    String[][] edits = EDITS_BY_TEMPLATE.get(template);
    if (edits == null) {
      return contents;
    }
    String result = contents;
    for (String[] edit : edits) {
      int at = result.indexOf(edit[0]);
      if (at < 0 || result.indexOf(edit[0], at + 1) >= 0) {
        throw new IllegalStateException(
            "The generator's "
                + template
                + " no longer contains, exactly once, the lines "
                + StockTemplatePatch.class.getSimpleName()
                + " edits (did the OpenAPI Generator version change?). Revisit the edit starting with: "
                + edit[0].trim().split("\n")[0]);
      }
      result = result.substring(0, at) + edit[1] + result.substring(at + edit[0].length());
    }
    return result;
  }

  /** Renders every template with the configured engine, the edited ones with their edits applied. */
  static final class Engine implements TemplatingEngineAdapter {
    private final TemplatingEngineAdapter delegate;

    Engine(TemplatingEngineAdapter delegate) {
      this.delegate = delegate;
    }

    @Override
    public String getIdentifier() {
      return delegate.getIdentifier();
    }

    @Override
    public String[] getFileExtensions() {
      return delegate.getFileExtensions();
    }

    @Override
    public boolean templateExists(TemplatingExecutor executor, String templateFile) {
      return delegate.templateExists(executor, templateFile);
    }

    @Override
    public String compileTemplate(
        TemplatingExecutor executor, Map<String, Object> bundle, String templateFile)
        throws IOException {
      if (!EDITS_BY_TEMPLATE.containsKey(templateFile)) {
        return delegate.compileTemplate(executor, bundle, templateFile);
      }
      TemplatingExecutor patched =
          new TemplatingExecutor() {
            @Override
            public String getFullTemplateContents(String name) {
              String contents = executor.getFullTemplateContents(name);
              return name.equals(templateFile) ? apply(name, contents) : contents;
            }

            @Override
            public Path getFullTemplatePath(String name) {
              return executor.getFullTemplatePath(name);
            }
          };
      return delegate.compileTemplate(patched, bundle, templateFile);
    }
  }
}
