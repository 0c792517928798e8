package io.github.gatewaysdk.aistats.core.internal;

import io.github.gatewaysdk.aistats.core.ApiUnion;
import io.github.gatewaysdk.aistats.core.FilePart;
import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Internal: not for applications, and free to change in any release. What one operation sends, as a generated
 * service describes it to {@link ApiCore}: method, path (with its parameters filled in), query, headers, body (JSON,
 * form fields, or none) and the expected response. Knows nothing of HTTP libraries; the core turns it into
 * attempts. Immutable.
 *
 * @param <T> the type of the parsed response body
 */
public final class ApiRequest<T> {
  private static final List<String> IDEMPOTENT = Arrays.asList("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

  private final String method;
  private final String pathTemplate;
  private final URI absoluteUrl;
  private final String path;
  private final String query;
  private final Map<String, String> headers;
  private final String bodyMediaType;
  private final FilePart binaryBody;
  private final Object jsonBody;
  /** Properties set on the JSON body's object as it is written, over what the body holds. */
  private final Map<String, Object> bodyProperties;
  private final List<FormPart> parts;
  private final ResponseType<T> responseType;
  private final boolean authenticated;
  private final String operation;

  private ApiRequest(Builder<T> builder) {
    this.method = builder.method;
    this.pathTemplate = builder.pathTemplate;
    this.absoluteUrl = builder.absoluteUrl;
    this.path = builder.absoluteUrl != null ? builder.absoluteUrl.getRawPath() : expand(builder);
    this.query = builder.query.length() == 0 ? null : builder.query.toString();
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.headers));
    this.jsonBody = builder.jsonBody;
    this.bodyMediaType = builder.jsonBody != null ? MediaTypes.JSON
        : builder.parts != null ? builder.formMediaType : builder.binaryBody != null ? builder.binaryMediaType : null;
    this.binaryBody = builder.binaryBody;
    this.parts = builder.parts == null ? null : Collections.unmodifiableList(new ArrayList<>(builder.parts));
    this.responseType = builder.responseType;
    this.authenticated = builder.authenticated;
    this.operation = method + " " + (pathTemplate != null ? pathTemplate : Redaction.url(absoluteUrl.toString()));
    this.bodyProperties = Collections.emptyMap();
  }

  private ApiRequest(ApiRequest<?> request, ResponseType<T> responseType, Map<String, Object> bodyProperties) {
    this(request, responseType, bodyProperties, request.parts, request.query);
  }

  private ApiRequest(ApiRequest<?> request, ResponseType<T> responseType, Map<String, Object> bodyProperties,
      List<FormPart> parts, String query) {
    this.method = request.method;
    this.pathTemplate = request.pathTemplate;
    this.absoluteUrl = request.absoluteUrl;
    this.path = request.path;
    this.query = query;
    this.headers = request.headers;
    this.jsonBody = request.jsonBody;
    this.binaryBody = request.binaryBody;
    this.bodyMediaType = request.bodyMediaType;
    this.parts = parts;
    this.responseType = responseType;
    this.authenticated = request.authenticated;
    this.operation = request.operation;
    this.bodyProperties = bodyProperties;
  }

  /**
   * The same request with its answer streamed, as an operation that offers a stream besides one answer is asked for
   * it: read as {@code answer}, and with the JSON body's {@code flag} property set to true.
   *
   * @param answer how the streamed answer is read, e.g. {@link ResponseType#events()}
   * @param flag the body property that asks for a stream (the contract's {@code stream}), or null for none
   * @param <R> what the streamed call returns
   * @return a copy of this request
   */
  public <R> ApiRequest<R> streamed(ResponseType<R> answer, String flag) {
    if (flag == null) {
      return answeredAs(answer);
    }
    if (jsonBody == null) {
      throw new IllegalStateException(operation + " has no JSON body to set " + flag + " in");
    }
    Map<String, Object> properties = new LinkedHashMap<>(bodyProperties);
    properties.put(flag, Boolean.TRUE);
    return new ApiRequest<>(this, answer, Collections.unmodifiableMap(properties));
  }

  /**
   * The same request with its answer asked for and read as {@code answer}: one of the alternatives an operation
   * offers to its JSON answer, e.g. {@link ResponseType#text(String)} for an RSS feed.
   *
   * @param answer how the answer is read, and the media type asked for
   * @param <R> what the call returns
   * @return a copy of this request
   */
  public <R> ApiRequest<R> answeredAs(ResponseType<R> answer) {
    return new ApiRequest<>(this, answer, bodyProperties);
  }

  /**
   * @param method the HTTP method, upper case
   * @param pathTemplate the contract's path, relative to the base URL, e.g. {@code /models/{model}}
   * @param responseType how the answer's body is read
   * @param <T> the type of the parsed body
   * @return a builder
   */
  public static <T> Builder<T> builder(String method, String pathTemplate, ResponseType<T> responseType) {
    return new Builder<>(method, pathTemplate, null, responseType);
  }

  /**
   * A request to a URL outside the API, such as a result image's download URL: sent without the API key.
   *
   * @param method the HTTP method, upper case
   * @param url an absolute http(s) URL
   * @param responseType how the answer's body is read
   * @param <T> the type of the parsed body
   * @return a builder
   */
  public static <T> Builder<T> absolute(String method, URI url, ResponseType<T> responseType) {
    Builder<T> builder = new Builder<>(method, null, url, responseType);
    builder.authenticated = false;
    return builder;
  }

  /** @return the operation as messages name it, e.g. {@code POST /images/edits} (the contract's path template) */
  public String operation() {
    return operation;
  }

  /** @return whether sending the request twice has the effect of sending it once (RFC 9110): failures may be retried */
  public boolean idempotent() {
    return IDEMPOTENT.contains(method);
  }

  /** @return the HTTP method, upper case */
  public String method() {
    return method;
  }

  /** @return the full URL of a request outside the API (a result image's URL); null for the API's own paths */
  public URI absoluteUrl() {
    return absoluteUrl;
  }

  /** @return the path with its parameters filled in, percent-encoded */
  public String path() {
    return path;
  }

  /** @return the encoded query, or null for none */
  public String query() {
    return query;
  }

  /** @return the operation's header parameters */
  public Map<String, String> headers() {
    return headers;
  }

  /** @return the media type of the body ({@link MediaTypes}), or null when the request has none */
  public String bodyMediaType() {
    return bodyMediaType;
  }

  /**
   * The request with what a call's options add to it ({@code extraBodyProperty}, {@code extraQueryParam}): in a JSON
   * body properties set over it, in a form more fields; more query parameters.
   *
   * @param bodyProperties body properties or form fields the contract does not list yet
   * @param queryParams query parameters the operation does not list yet
   * @return this request when both are empty, else a copy with them
   * @throws IllegalArgumentException when there are body properties but no body, or a form field the request sets
   */
  public ApiRequest<T> withExtras(Map<String, Object> bodyProperties, Map<String, List<String>> queryParams) {
    if (bodyProperties.isEmpty() && queryParams.isEmpty()) {
      return this;
    }
    StringBuilder extended = new StringBuilder(query == null ? "" : query);
    queryParams.forEach((name, values) -> values.forEach(value -> extended.append(extended.length() == 0 ? "" : "&")
        .append(encode(name, false)).append('=').append(encode(value, false))));
    String newQuery = extended.length() == 0 ? null : extended.toString();
    if (bodyProperties.isEmpty()) {
      return new ApiRequest<>(this, responseType, this.bodyProperties, parts, newQuery);
    }
    if (jsonBody != null) {
      Map<String, Object> properties = new LinkedHashMap<>(this.bodyProperties);
      properties.putAll(bodyProperties);
      return new ApiRequest<>(this, responseType, Collections.unmodifiableMap(properties), parts, newQuery);
    }
    if (binaryBody != null) {
      throw new IllegalArgumentException(operation + " sends a file as its whole body, which has no properties to "
          + "carry the extra body properties " + bodyProperties.keySet());
    }
    if (parts == null) {
      throw new IllegalArgumentException(operation + " sends no body, so it cannot carry the extra body properties "
          + bodyProperties.keySet());
    }
    List<FormPart> fields = new ArrayList<>(parts);
    for (Map.Entry<String, Object> property : bodyProperties.entrySet()) {
      for (FormPart part : parts) {
        if (part.name().equals(property.getKey())) {
          throw new IllegalArgumentException("the extra body property " + property.getKey() + " is a field the"
              + " request already sets: set it on the request instead");
        }
      }
      fields.add(new FormPart(property.getKey(), property.getValue()));
    }
    return new ApiRequest<>(this, responseType, this.bodyProperties, Collections.unmodifiableList(fields), newQuery);
  }

  /** @return properties set on the JSON body's object as it is written, over what it holds ({@link #streamed}) */
  public Map<String, Object> bodyProperties() {
    return bodyProperties;
  }

  /** @return the JSON body, or null */
  public Object jsonBody() {
    return jsonBody;
  }

  /** @return the file sent as the whole body (an upload of {@link #bodyMediaType()}), or null */
  public FilePart binaryBody() {
    return binaryBody;
  }

  /** @return the fields of a form body (multipart or url-encoded), or null when the body is not a form */
  public List<FormPart> parts() {
    return parts;
  }

  /** @return how the answer's body is read */
  public ResponseType<T> responseType() {
    return responseType;
  }

  /** @return whether the API key is sent */
  public boolean authenticated() {
    return authenticated;
  }

  private static String expand(Builder<?> builder) {
    StringBuilder path = new StringBuilder(builder.pathTemplate.length() + 16);
    String template = builder.pathTemplate;
    int at = 0;
    while (at < template.length()) {
      int open = template.indexOf('{', at);
      if (open < 0) {
        path.append(template, at, template.length());
        break;
      }
      int close = template.indexOf('}', open);
      if (close < 0) {
        throw new IllegalArgumentException("path template " + template + " opens a parameter at " + open
            + " that it does not close with '}'");
      }
      String name = template.substring(open + 1, close);
      String value = builder.pathParams.get(name);
      if (value == null) {
        throw new IllegalArgumentException(name + " is required, was null");
      }
      if (value.isEmpty()) {
        throw new IllegalArgumentException(name + " must not be empty");
      }
      path.append(template, at, open).append(encode(value, true));
      at = close + 1;
    }
    return path.toString();
  }

  /** Percent-encodes a path segment or a query component (RFC 3986): a value cannot add a segment or a parameter. */
  private static String encode(String value, boolean pathSegment) {
    try {
      String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8.name()).replace("+", "%20");
      return pathSegment ? encoded : encoded.replace("%7E", "~");
    } catch (UnsupportedEncodingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** One part of a multipart body: a name and a value, written by {@link MultipartForm} by the value's type. */
  public static final class FormPart {
    private final String name;
    private final Object value;

    FormPart(String name, Object value) {
      this.name = name;
      this.value = value;
    }

    /** @return the part's name */
    public String name() {
      return name;
    }

    /** @return the part's value, as the request holds it */
    public Object value() {
      return value;
    }
  }

  /**
   * Builds an {@link ApiRequest}; generated services call it. Null values are left out, as the contract's optional
   * properties and parameters are.
   *
   * @param <T> the type of the parsed body
   */
  public static final class Builder<T> {
    private final String method;
    private final String pathTemplate;
    private final URI absoluteUrl;
    private final ResponseType<T> responseType;
    private final Map<String, String> pathParams = new LinkedHashMap<>();
    private final StringBuilder query = new StringBuilder();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Object jsonBody;
    private FilePart binaryBody;
    private String binaryMediaType;
    private List<FormPart> parts;
    private String formMediaType = MediaTypes.MULTIPART;
    private boolean authenticated = true;

    private Builder(String method, String pathTemplate, URI absoluteUrl, ResponseType<T> responseType) {
      this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
      this.pathTemplate = pathTemplate;
      this.absoluteUrl = absoluteUrl;
      this.responseType = Objects.requireNonNull(responseType, "responseType");
    }

    /**
     * @param name a {@code {name}} of the path template
     * @param value its value, sent percent-encoded as one path segment; required
     * @return this builder
     */
    public Builder<T> pathParam(String name, Object value) {
      Object plain = value instanceof ApiUnion ? ((ApiUnion) value).value() : value;
      pathParams.put(name, plain == null ? null : String.valueOf(plain));
      return this;
    }

    /**
     * @param name a query parameter
     * @param value its value; a collection is sent as the parameter repeated (OpenAPI's form style, exploded); null
     *     leaves it out
     * @return this builder
     */
    public Builder<T> queryParam(String name, Object value) {
      if (value instanceof ApiUnion) {
        queryParam(name, ((ApiUnion) value).value());
      } else if (value instanceof Collection) {
        for (Object item : (Collection<?>) value) {
          queryParam(name, item);
        }
      } else if (value != null) {
        query.append(query.length() == 0 ? "" : "&").append(encode(name, false)).append('=')
            .append(encode(String.valueOf(value), false));
      }
      return this;
    }

    /**
     * @param name a header parameter of the operation
     * @param value its value; null leaves it out
     * @return this builder
     */
    public Builder<T> header(String name, Object value) {
      Object plain = value instanceof ApiUnion ? ((ApiUnion) value).value() : value;
      if (plain != null) {
        Headers.checkSettable(name, String.valueOf(plain));
        headers.put(name, String.valueOf(plain));
      }
      return this;
    }

    /**
     * @param body the JSON body, serialised with the client's mapper; null sends none
     * @return this builder
     */
    public Builder<T> jsonBody(Object body) {
      this.jsonBody = body;
      return this;
    }

    /**
     * @param body a file sent as the whole body, streamed as it is read; null sends none
     * @param mediaType the body's media type as the contract names it; a range (such as {@code image/*} or
     *     {@code *}{@code /*}) leaves the file's own
     * @return this builder
     */
    public Builder<T> binaryBody(FilePart body, String mediaType) {
      this.binaryBody = body;
      this.binaryMediaType = Objects.requireNonNull(mediaType, "mediaType");
      return this;
    }

    /**
     * Makes the body a form of {@code mediaType}, whose fields {@link #part} adds.
     *
     * @param mediaType {@link MediaTypes#MULTIPART} (the default once a part is added) or
     *     {@link MediaTypes#URL_ENCODED}, as the contract names the operation's body
     * @return this builder
     */
    public Builder<T> formBody(String mediaType) {
      this.formMediaType = Objects.requireNonNull(mediaType, "mediaType");
      if (parts == null) {
        parts = new ArrayList<>();
      }
      return this;
    }

    /**
     * Adds a field to the form body ({@link #formBody}; {@code multipart/form-data} unless it names another). In a
     * multipart body: text for strings, numbers, booleans and enums (UTF-8), one part per item for a collection of
     * those, binary for {@code byte[]} and files, and {@code application/json} for anything else (objects and maps, as
     * OpenAPI 3.0 encodes object properties); url-encoded, text and collections of text only.
     *
     * @param name the part's name
     * @param value its value; null leaves it out
     * @return this builder
     */
    public Builder<T> part(String name, Object value) {
      if (parts == null) {
        parts = new ArrayList<>();
      }
      if (value != null) {
        parts.add(new FormPart(name, value));
      }
      return this;
    }

    /**
     * Adds a form's undeclared properties (a model's {@code putAdditionalProperty}, for what the gateway accepts
     * before its contract says so), after its declared ones, each as {@link #part} would.
     *
     * @param properties the form's additional properties, by part name
     * @return this builder
     * @throws IllegalArgumentException for a name the form already has a part of: it would be sent twice
     */
    public Builder<T> additionalParts(Map<String, ?> properties) {
      for (Map.Entry<String, ?> property : properties.entrySet()) {
        if (parts != null) {
          for (FormPart part : parts) {
            if (part.name().equals(property.getKey())) {
              throw new IllegalArgumentException("the additional property " + property.getKey() + " is a property the"
                  + " request already sets: set it with its own setter only");
            }
          }
        }
        part(property.getKey(), property.getValue());
      }
      return this;
    }

    /**
     * @param authenticated whether the API key is sent (false for operations the contract marks public)
     * @return this builder
     */
    public Builder<T> authenticated(boolean authenticated) {
      this.authenticated = authenticated;
      return this;
    }

    /**
     * @return the request
     * @throws IllegalArgumentException when a path parameter is missing or empty
     * @throws IllegalStateException when more than one of a JSON body, form fields and a file body were set
     */
    public ApiRequest<T> build() {
      if ((jsonBody != null ? 1 : 0) + (parts != null ? 1 : 0) + (binaryBody != null ? 1 : 0) > 1) {
        throw new IllegalStateException("a request has one body: a JSON body, a form or a file, not two");
      }
      return new ApiRequest<>(this);
    }
  }
}
