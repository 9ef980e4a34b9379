package org.hpcsweep.rescale;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.hpcsweep.operations.PlatformDownException;
import org.junit.jupiter.api.Test;

/** How many times a step is tried again: only failures that reached the platform spend its tries. */
class PlatformErrorsTest {
    private final PlatformErrors errors = new PlatformErrors(s -> s, 2);
    private final Exchange exchange = new DefaultExchange(new DefaultCamelContext());
    private int failures;

    /** The next failure of the step, numbered as Camel numbers it, judged. */
    private boolean judge(Exception caught) {
        exchange.getMessage().setHeader(Exchange.REDELIVERY_COUNTER, ++failures);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, caught);
        return errors.retryTransient(exchange);
    }

    private static Exception badGateway() {
        return new HttpOperationFailedException("http://127.0.0.1/api/v2/jobs/", 502, "Bad Gateway", null, null, "");
    }

    @Test
    void should_give_up_after_the_retries_of_failures_that_reached_the_platform() {
        assertTrue(judge(badGateway()));
        assertTrue(judge(badGateway()));
        assertFalse(judge(badGateway()), "two retries, then the step fails");
    }

    @Test
    void should_not_spend_a_try_on_a_call_the_breaker_held_back() {
        assertTrue(judge(badGateway()));
        for (int i = 0; i < 5; i++) {
            assertTrue(judge(new PlatformDownException("held back")), "the step waits for the platform");
        }
        assertTrue(judge(badGateway()), "the second real failure still has a retry");
        assertFalse(judge(badGateway()));
    }

    @Test
    void should_count_a_new_step_afresh() {
        assertTrue(judge(badGateway()));
        assertTrue(judge(badGateway()));
        failures = 0;
        assertTrue(judge(badGateway()), "the next step's first failure");
    }
}
