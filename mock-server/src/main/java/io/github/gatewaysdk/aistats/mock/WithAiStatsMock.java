package io.github.gatewaysdk.aistats.mock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On a test class: its tests (and {@code @BeforeAll} methods, constructors) may declare {@link AiStatsMock} and
 * {@code AiStatsClient} parameters, which get a mock of their own and a client configured for it: the run's Prism
 * (started once, stopped when the run ends) behind an address of the test's own ({@link AiStatsMock#isolated()}), so
 * tests may run in parallel. A mock taken by a constructor or {@code @BeforeAll} is the class's, and forgets its
 * calls and forced answers before each test. After a test, a request that broke the contract fails it, naming the
 * property.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(AiStatsMockExtension.class)
public @interface WithAiStatsMock {
    /**
     * Whether a request that broke the contract fails the test that sent it, unless the test took the violations
     * ({@link AiStatsMock#takeViolations()}). Off for suites whose point is sending invalid requests.
     */
    boolean failOnViolations() default true;
}
