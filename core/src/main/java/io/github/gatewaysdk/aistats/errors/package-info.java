/**
 * The unchecked exceptions the AI Stats client throws, one family under
 * {@link io.github.gatewaysdk.aistats.errors.AiStatsException}.
 *
 * <ul>
 *   <li>{@link io.github.gatewaysdk.aistats.errors.AiStatsServiceException}: the gateway answered, with an error status
 *       (one subclass per status family) or with a body that cannot be read.</li>
 *   <li>{@link io.github.gatewaysdk.aistats.errors.AiStatsConnectionException}: no usable answer arrived (refused,
 *       reset, closed early, not HTTP).</li>
 *   <li>{@link io.github.gatewaysdk.aistats.errors.AiStatsTimeoutException}: a timeout or the call's deadline ran out.</li>
 * </ul>
 */
package io.github.gatewaysdk.aistats.errors;
