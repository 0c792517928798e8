package io.github.gatewaysdk.aistats.mock;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A test's own answer ({@link AiStatsMock#answerNextJson}) checked against the contract, as Prism checks requests:
 * when the contract declares the answer's status for the operation, a body or content type that breaks it is a
 * violation of the test. The contract is read once, at the first answer to check.
 */
final class AnswerCheck {
    private final Path contract;
    private volatile OpenApiInteractionValidator validator;

    AnswerCheck(Path contract) {
        this.contract = contract;
    }

    /** @return each way the answer breaks the contract, as {@code location: message}; empty when it keeps it */
    List<String> violations(String method, String path, int status, Map<String, List<String>> headers, byte[] body) {
        Request.Method verb;
        try {
            verb = Request.Method.valueOf(method.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException notInTheContract) {
            return List.of();
        }
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(status).withBody(body);
        headers.forEach(answer::withHeader);
        int query = path.indexOf('?');
        ValidationReport report = validator().validateResponse(query < 0 ? path : path.substring(0, query), verb,
                answer.build());
        List<String> found = new ArrayList<>();
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() == ValidationReport.Level.ERROR) {
                found.add("answer " + status + ": " + message.getMessage());
            }
        }
        return found;
    }

    /**
     * The validator: {@code allOf} parts merged before validating (a part closed with {@code additionalProperties:
     * false} cannot be met alone); undeclared statuses and paths are not this check's to judge, a discriminator on a
     * schema without branches names nothing to check, and properties the contract does not list are what a newer
     * gateway sends (the SDK keeps them).
     */
    private OpenApiInteractionValidator validator() {
        OpenApiInteractionValidator ready = validator;
        if (ready == null) {
            synchronized (this) {
                if (validator == null) {
                    validator = OpenApiInteractionValidator.createForSpecificationUrl(contract.toUri().toString())
                            .withBasePathOverride("/")
                            .withResolveCombinators(true)
                            .withLevelResolver(LevelResolver.create()
                                    .withLevel("validation.response.status.unknown", ValidationReport.Level.IGNORE)
                                    .withLevel("validation.request", ValidationReport.Level.IGNORE)
                                    .withLevel("validation.response.body.schema.discriminator",
                                            ValidationReport.Level.IGNORE)
                                    .withLevel("validation.response.body.schema.additionalProperties",
                                            ValidationReport.Level.IGNORE)
                                    .build())
                            .build();
                }
                ready = validator;
            }
        }
        return ready;
    }
}
