package io.github.gatewaysdk.aistats.mock;

import io.github.gatewaysdk.aistats.AiStatsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit side of {@link WithAiStatsMock}: one Prism per mode and seed for the whole run, kept in the root store so
 * JUnit closes it when the run ends, failed tests included; each test (or class, for constructor and
 * {@code @BeforeAll} parameters) gets an {@link AiStatsMock#isolated()} mock of its own and a client for it, closed
 * with the test, so that tests running in parallel never see each other's forced answers, calls or violations.
 */
public final class AiStatsMockExtension
        implements ParameterResolver, BeforeEachCallback, AfterEachCallback, TestExecutionExceptionHandler {
    /** The API key of the clients handed to tests; the mock accepts any bearer token. */
    public static final String TEST_API_KEY = "test-key";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AiStatsMockExtension.class);
    private static final java.util.Set<String> MODES = new java.util.concurrent.CopyOnWriteArraySet<>();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == AiStatsMock.class || type == AiStatsClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Optional<AiStatsMock.Dynamic> dynamic = parameter.findAnnotation(AiStatsMock.Dynamic.class);
        String mode = dynamic.map(d -> "dynamic-" + d.seed()).orElse("static");
        Long seed = dynamic.map(AiStatsMock.Dynamic::seed).orElse(null);
        AiStatsMock mine = stored(context.getStore(NAMESPACE), "isolated-" + mode,
                () -> served(context, mode, seed).isolated());
        if (parameter.getParameter().getType() == AiStatsMock.class) {
            return mine;
        }
        return stored(context.getStore(NAMESPACE), "client-" + mode,
                () -> AiStatsClient.builder().apiKey(TEST_API_KEY).baseUrl(mine.baseUrl()).build());
    }

    /** The run's mock of this mode, which serves every test's isolated one; stopped when the run ends. */
    private static AiStatsMock served(ExtensionContext context, String mode, Long seed) {
        return stored(context.getRoot().getStore(NAMESPACE), "served-" + mode, () -> {
            MODES.add(mode);
            AiStatsMock.Options options = AiStatsMock.Options.defaults();
            return AiStatsMock.start(seed == null ? options : options.dynamic(seed));
        });
    }

    /**
     * The value stored under {@code key} in {@code store} (or a parent's: a test sees its class's), made once. It is
     * held by a {@link Closing}, which JUnit closes with the store's context (the run, the class, the test) on every
     * line from 5.10 on (5.x closes only a {@code CloseableResource}, 6.x any {@code AutoCloseable}); only methods
     * JUnit 5.10 already has are called, so a user's JUnit version is theirs.
     */
    @SuppressWarnings({"unchecked", "deprecation"})
    private static <T extends AutoCloseable> T stored(ExtensionContext.Store store, String key, Supplier<T> make) {
        return ((Closing<T>) store.getOrComputeIfAbsent(key, k -> new Closing<>(make.get()), Closing.class)).value;
    }

    /** A value of a store, closed by JUnit when the store's context ends. */
    @SuppressWarnings("deprecation")
    static final class Closing<T extends AutoCloseable> implements ExtensionContext.Store.CloseableResource,
            AutoCloseable {
        final T value;

        Closing(T value) {
            this.value = value;
        }

        @Override
        public void close() throws Exception {
            value.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        started(context).forEach(AiStatsMock::reset);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> violations = new ArrayList<>();
        for (AiStatsMock mock : started(context)) {
            violations.addAll(mock.takeViolations());
        }
        boolean failOn = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithAiStatsMock.class)
                .map(WithAiStatsMock::failOnViolations).orElse(true);
        if (failOn && !violations.isEmpty() && context.getExecutionException().isEmpty()) {
            throw new AssertionError("The AI Stats mock rejected requests of this test as breaking the contract:"
                    + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", violations)
                    + System.lineSeparator() + "(a test that sends invalid requests on purpose asserts on "
                    + "mock.takeViolations())");
        }
    }

    /** A failing test names the Prism logs of the run. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        List<AiStatsMock> mocks = started(context);
        if (!mocks.isEmpty()) {
            StringBuilder logs = new StringBuilder("Prism log(s):");
            mocks.forEach(mock -> logs.append(System.lineSeparator()).append("  ").append(mock.logFile()));
            throwable.addSuppressed(new IllegalStateException(logs.toString()));
        }
        throw throwable;
    }

    /** The isolated mocks this test sees: its own, or its class's when the class took one. */
    private static List<AiStatsMock> started(ExtensionContext context) {
        List<AiStatsMock> mocks = new ArrayList<>();
        for (String mode : MODES) {
            Closing<?> mock = context.getStore(NAMESPACE).get("isolated-" + mode, Closing.class);
            if (mock != null) {
                mocks.add((AiStatsMock) mock.value);
            }
        }
        return mocks;
    }
}
