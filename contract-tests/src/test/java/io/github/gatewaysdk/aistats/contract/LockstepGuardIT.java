package io.github.gatewaysdk.aistats.contract;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other contract test (junit-platform.properties orders classes by {@link Order}) and checks the
 * contract against the traffic they sent through {@link WireRecorder}: every operation and every request property must
 * have been sent in a request the mock accepted, and every accepted response must have conformed to the contract.
 */
@Order(Integer.MAX_VALUE)
class LockstepGuardIT {

    @Test
    void everyOperationAndRequestPropertyIsExercised() {
        List<Exchange> traffic = WireRecorder.allExchanges();
        assertFalse(traffic.isEmpty(), "no contract test sent anything through the wire recorder; run the whole module"
                + " (the guard reads the traffic of the other *IT classes in this JVM)");
        LockstepGuard.Coverage coverage = LockstepGuard.check(Contract.ofBuild(), traffic);
        String report = coverage.report() + "  (" + traffic.size() + " requests recorded, contract "
                + Contract.file() + ")";
        System.out.println(report);
        assertTrue(coverage.complete(), report);
    }

    @Test
    void everySuccessfulResponseConformedToTheContract() {
        List<Exchange> nonConforming = WireRecorder.allExchanges().stream()
                .filter(exchange -> exchange.successful() && !exchange.responseViolations().isEmpty()).toList();
        assertTrue(nonConforming.isEmpty(), () -> "responses breaking the contract: " + nonConforming);
    }
}
