/**
 * The hand-written SDK layer for the AI Stats Gateway: {@link io.github.gatewaysdk.aistats.AiStatsClient} (entry point,
 * connection pool, timeouts, retries), {@link io.github.gatewaysdk.aistats.ImageService} (the image operations),
 * {@link io.github.gatewaysdk.aistats.RequestOptions} (per-call settings) and
 * {@link io.github.gatewaysdk.aistats.ImageData} (image to data URL). The packages {@code api}, {@code model} and
 * {@code invoker} are generated from the OpenAPI contract at build time.
 */
package io.github.gatewaysdk.aistats;
