/**
 * The AI Stats Gateway client: {@link io.github.gatewaysdk.aistats.AiStatsClient} (generated from the contract: one
 * accessor per resource), {@link io.github.gatewaysdk.aistats.ImageService} (the image operations plus result
 * helpers) and {@link io.github.gatewaysdk.aistats.ImageData} (image to data URL). The packages {@code api} and
 * {@code model} are generated from the OpenAPI contract at build time; every call goes through the hand-written core,
 * {@code io.github.gatewaysdk.aistats.core}.
 */
package io.github.gatewaysdk.aistats;
