package io.github.gatewaysdk.aistats.contract;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the contract with the traffic the contract tests really sent. An operation is covered when at least one
 * request to it got a 2xx from the mock (Prism validated it); a request property is covered when such an accepted
 * request carried it. Requests the mock rejected cover nothing: they show an error path, not that the SDK can send
 * the property correctly.
 */
final class LockstepGuard {

    /** The result: what the traffic covered, what it missed, and requests that match no operation. */
    record Coverage(Map<Contract.Operation, Set<String>> coveredProperties, List<Contract.Operation> uncoveredOperations,
            Map<Contract.Operation, Set<String>> missingProperties, Set<String> unmatchedRequests) {

        boolean complete() {
            return uncoveredOperations.isEmpty() && missingProperties.isEmpty();
        }

        /** A readable report: coverage per operation, then exactly what to add when something is missing. */
        String report() {
            StringBuilder out = new StringBuilder("Contract coverage by the contract tests' traffic:\n");
            for (Map.Entry<Contract.Operation, Set<String>> entry : coveredProperties.entrySet()) {
                Contract.Operation op = entry.getKey();
                if (!op.answersSuccess()) {
                    out.append(String.format("  %-8s %s (%s): the contract gives it no 2xx answer, so no test can"
                            + " exercise it%n", "[n/a]", op, op.operationId()));
                    continue;
                }
                boolean covered = !uncoveredOperations.contains(op);
                Set<String> missing = missingProperties.getOrDefault(op, Set.of());
                out.append(String.format("  %-8s %s (%s): %s, request properties %d/%d sent%n",
                        covered ? "[ok]" : "[MISSING]", op, op.operationId(),
                        covered ? "exercised" : "no accepted request",
                        op.requestProperties().size() - missing.size(), op.requestProperties().size()));
                if (!entry.getValue().isEmpty()) {
                    out.append("           sent: ").append(String.join(", ", entry.getValue())).append('\n');
                }
            }
            if (!unmatchedRequests.isEmpty()) {
                out.append("  requests matching no operation (not counted): ")
                        .append(String.join(", ", unmatchedRequests)).append('\n');
            }
            if (!complete()) {
                out.append("To cover (EveryOperationContractIT makes these cases from the contract; if they ran and this"
                        + " is listed, the SDK did not send what the case set, or the mock refused it):\n");
                for (Contract.Operation op : uncoveredOperations) {
                    out.append("  - operation ").append(op).append(" (").append(op.operationId())
                            .append("): case \"").append(op).append(" smallest\"\n");
                }
                missingProperties.forEach((op, properties) -> properties.forEach(property ->
                        out.append("  - request property ").append(property).append(" of ").append(op)
                                .append(": cases \"").append(op).append(' ').append(property).append(" ...\"\n")));
            }
            return out.toString();
        }
    }

    private LockstepGuard() {
    }

    static Coverage check(Contract contract, Collection<Exchange> traffic) {
        List<Contract.Operation> operations = contract.operations();
        Map<Contract.Operation, Set<String>> covered = new LinkedHashMap<>();
        operations.forEach(op -> covered.put(op, new TreeSet<>()));
        List<Contract.Operation> exercised = new ArrayList<>();
        Set<String> unmatched = new TreeSet<>();

        for (Exchange exchange : traffic) {
            Contract.Operation match = null;
            for (Contract.Operation op : operations) {
                if (op.matches(exchange.method(), exchange.path())) {
                    match = op;
                    break;
                }
            }
            if (match == null) {
                unmatched.add(exchange.method() + " " + exchange.path());
                continue;
            }
            if (!exchange.successful()) {
                continue;
            }
            if (!exercised.contains(match)) {
                exercised.add(match);
            }
            for (String property : exchange.sentProperties()) {
                if (match.requestProperties().contains(property)) {
                    covered.get(match).add(property);
                }
            }
        }

        List<Contract.Operation> uncovered = new ArrayList<>(operations);
        uncovered.removeAll(exercised);
        uncovered.removeIf(op -> !op.answersSuccess());
        Map<Contract.Operation, Set<String>> missing = new LinkedHashMap<>();
        for (Contract.Operation op : operations) {
            if (!op.answersSuccess()) {
                continue;
            }
            Set<String> notSent = new TreeSet<>(op.requestProperties());
            notSent.removeAll(covered.get(op));
            if (!notSent.isEmpty()) {
                missing.put(op, notSent);
            }
        }
        return new Coverage(covered, uncovered, missing, unmatched);
    }
}
