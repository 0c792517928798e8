package io.github.gatewaysdk.aistats.core.internal;

import io.github.gatewaysdk.aistats.core.AutoPager;
import io.github.gatewaysdk.aistats.core.EventStream;
import io.github.gatewaysdk.aistats.core.RawResponse;
import io.github.gatewaysdk.aistats.core.RequestOptions;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Internal: not for applications, and free to change in any release. One operation of the contract as a generated
 * client exposes it (its id, method and path, the SDK's method and the types it takes), with both forms of calling
 * it compiled into the generated index, so that tools (the contract tests) reach every operation without guessing
 * names by reflection: a template that renamed a method breaks the index's compilation, not a test's lookup.
 *
 * @param <C> the generated client
 */
public final class Operation<C> {
  /**
   * Calls an operation's raw form on a client.
   *
   * @param <C> the generated client
   * @param <R> what the call returns
   */
  public interface Invoker<C, R> {
    R call(C client, Object[] arguments, RequestOptions options);
  }

  /**
   * Calls an operation's text twin on a client, asking for one media type.
   *
   * @param <C> the generated client
   * @param <R> what the call returns
   */
  public interface TextInvoker<C, R> {
    R call(C client, Object[] arguments, String mediaType, RequestOptions options);
  }

  private final String operationId;
  private final String method;
  private final String path;
  private final String sdkMethod;
  private final List<Class<?>> argumentTypes;
  private final Invoker<C, ? extends RawResponse<?>> blocking;
  private final Invoker<C, ? extends CompletableFuture<? extends RawResponse<?>>> async;
  private Invoker<C, ? extends EventStream<?>> streaming;
  private Invoker<C, ? extends CompletableFuture<? extends EventStream<?>>> streamingAsync;
  private List<String> textMediaTypes = Collections.emptyList();
  private TextInvoker<C, String> text;
  private TextInvoker<C, CompletableFuture<String>> textAsync;
  private Invoker<C, ? extends AutoPager<?>> paging;
  private Invoker<C, ? extends AutoPager<?>> pagingAsync;

  public Operation(String operationId, String method, String path, String sdkMethod, Class<?>[] argumentTypes,
      Invoker<C, ? extends RawResponse<?>> blocking,
      Invoker<C, ? extends CompletableFuture<? extends RawResponse<?>>> async) {
    this.operationId = operationId;
    this.method = method;
    this.path = path;
    this.sdkMethod = sdkMethod;
    this.argumentTypes = Collections.unmodifiableList(Arrays.asList(argumentTypes.clone()));
    this.blocking = blocking;
    this.async = async;
  }

  /**
   * Adds the operation's streaming twin ({@code <sdkMethod>Streaming}), for an answer that may be an event stream.
   *
   * @return this operation
   */
  public Operation<C> withStreaming(Invoker<C, ? extends EventStream<?>> blocking,
      Invoker<C, ? extends CompletableFuture<? extends EventStream<?>>> async) {
    this.streaming = blocking;
    this.streamingAsync = async;
    return this;
  }

  /**
   * Adds the operation's text twin ({@code <sdkMethod>Text}), for an answer offered as text besides JSON.
   *
   * @param mediaTypes the media types it offers, separated by ", "
   * @return this operation
   */
  public Operation<C> withText(String mediaTypes, TextInvoker<C, String> blocking,
      TextInvoker<C, CompletableFuture<String>> async) {
    this.textMediaTypes = Collections.unmodifiableList(Arrays.asList(mediaTypes.split(", ")));
    this.text = blocking;
    this.textAsync = async;
    return this;
  }

  /**
   * Adds the operation's auto-paging twin ({@code <sdkMethod>AutoPaging}), for a list that pages.
   *
   * @return this operation
   */
  public Operation<C> withPaging(Invoker<C, ? extends AutoPager<?>> blocking,
      Invoker<C, ? extends AutoPager<?>> async) {
    this.paging = blocking;
    this.pagingAsync = async;
    return this;
  }

  /** @return whether the operation has a streaming twin */
  public boolean streams() {
    return streaming != null;
  }

  /** @return the media types its text twin asks for, in the contract's order; empty when it has none */
  public List<String> textMediaTypes() {
    return textMediaTypes;
  }

  /** @return whether the operation has an auto-paging twin */
  public boolean pages() {
    return paging != null;
  }

  /** @return the contract's {@code operationId} */
  public String operationId() {
    return operationId;
  }

  /** @return the HTTP method, upper case */
  public String method() {
    return method;
  }

  /** @return the contract's path template, e.g. {@code /models/{id}} */
  public String path() {
    return path;
  }

  /** @return the name of the SDK's method for it, in both forms */
  public String sdkMethod() {
    return sdkMethod;
  }

  /** @return the types of the method's arguments before its {@code RequestOptions}, in order */
  public List<Class<?>> argumentTypes() {
    return argumentTypes;
  }

  /**
   * Calls the blocking raw form, {@code client.<resource>().withRawResponse().<sdkMethod>(arguments..., options)}.
   *
   * @throws IllegalArgumentException when the arguments are not of {@link #argumentTypes()}
   */
  public RawResponse<?> call(C client, Object[] arguments, RequestOptions options) {
    return blocking.call(client, checked(arguments), options);
  }

  /** As {@link #call}, through {@code client.async()}. */
  public CompletableFuture<? extends RawResponse<?>> callAsync(C client, Object[] arguments, RequestOptions options) {
    return async.call(client, checked(arguments), options);
  }

  /**
   * Calls the streaming twin, {@code client.<resource>().<sdkMethod>Streaming(arguments..., options)}, or its
   * asynchronous form.
   *
   * @throws IllegalStateException when the operation has no streaming twin ({@link #streams()})
   */
  public EventStream<?> callStreaming(C client, Object[] arguments, RequestOptions options) {
    return twin(streaming, "streaming").call(client, checked(arguments), options);
  }

  /** As {@link #callStreaming}, through {@code client.async()}. */
  public CompletableFuture<? extends EventStream<?>> callStreamingAsync(C client, Object[] arguments,
      RequestOptions options) {
    return twin(streamingAsync, "streaming").call(client, checked(arguments), options);
  }

  /**
   * Calls the text twin, {@code client.<resource>().<sdkMethod>Text(arguments..., mediaType, options)}, or its
   * asynchronous form.
   *
   * @throws IllegalStateException when the operation has no text twin ({@link #textMediaTypes()})
   */
  public String callText(C client, Object[] arguments, String mediaType, RequestOptions options) {
    return twin(text, "text").call(client, checked(arguments), mediaType, options);
  }

  /** As {@link #callText}, through {@code client.async()}. */
  public CompletableFuture<String> callTextAsync(C client, Object[] arguments, String mediaType,
      RequestOptions options) {
    return twin(textAsync, "text").call(client, checked(arguments), mediaType, options);
  }

  /**
   * The auto-paging twin, {@code client.<resource>().<sdkMethod>AutoPaging(arguments..., options)}, or the
   * asynchronous service's (whose pager's {@code forEachAsync} fetches without blocking).
   *
   * @throws IllegalStateException when the operation has no auto-paging twin ({@link #pages()})
   */
  public AutoPager<?> callPaging(C client, Object[] arguments, RequestOptions options, boolean async) {
    Invoker<C, ? extends AutoPager<?>> pager = async ? pagingAsync : paging;
    return twin(pager, "auto-paging").call(client, checked(arguments), options);
  }

  private <I> I twin(I twin, String kind) {
    if (twin == null) {
      throw new IllegalStateException(operationId + " has no " + kind + " twin");
    }
    return twin;
  }

  private Object[] checked(Object[] arguments) {
    if (arguments.length != argumentTypes.size()) {
      throw new IllegalArgumentException(operationId + " takes " + argumentTypes + ", got " + arguments.length
          + " arguments");
    }
    for (int i = 0; i < arguments.length; i++) {
      if (arguments[i] != null && !argumentTypes.get(i).isInstance(arguments[i])) {
        throw new IllegalArgumentException(operationId + " takes a " + argumentTypes.get(i).getName() + " as argument "
            + i + ", got a " + arguments[i].getClass().getName());
      }
    }
    return arguments;
  }

  @Override
  public String toString() {
    return method + " " + path + " (" + operationId + ": " + sdkMethod + argumentTypes + ")";
  }
}
