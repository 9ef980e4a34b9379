package org.hpcsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.hpcsweep.operations.PlatformDownException;
import org.hpcsweep.rescale.RescaleErrors;
import org.hpcsweep.rescale.ShortUploadException;
import org.hpcsweep.slurm.SlurmCall;
import org.hpcsweep.slurm.SlurmCallException;
import org.hpcsweep.slurm.SlurmErrors;
import org.hpcsweep.slurm.SlurmFailures;
import org.junit.jupiter.api.Test;

/**
 * The flow's error policy, the same for every engine: how many times a step is tried again (only
 * failures that reached the platform spend its tries), and what a Rescale or a Slurm failure means.
 */
class StepErrorsTest {
    private static final String SLURM_TOKEN_SETTING = "SLURM_JWT or SLURM_JWT_FILE (or hpcsweep.slurm.token-file)";
    private final StepErrors errors = new StepErrors(new RescaleErrors(), s -> s, 2);
    private final StepErrors slurmErrors = new StepErrors(new SlurmFailures("alice", SLURM_TOKEN_SETTING),
            s -> s.replace("secret-token", "****"), 2);
    private final Exchange exchange = new DefaultExchange(new DefaultCamelContext());
    private int failures;

    /** The next failure of the step, numbered as Camel numbers it, judged. */
    private boolean judge(Exception caught) {
        return judge(errors, caught);
    }

    private boolean judge(StepErrors policy, Exception caught) {
        exchange.getMessage().setHeader(Exchange.REDELIVERY_COUNTER, ++failures);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, caught);
        return policy.retryTransient(exchange);
    }

    private static Exception badGateway() {
        return rescale(502);
    }

    private static Exception rescale(int status) {
        return new HttpOperationFailedException("http://127.0.0.1/api/v2/jobs/", status, "Status " + status, null, null, "");
    }

    /** What slurmrestd's answer becomes in the route: SlurmErrors.fail on the response, as 10-slurm-calls.yaml calls it. */
    private static SlurmCallException slurm(int status, String body) {
        Exchange response = new DefaultExchange(new DefaultCamelContext());
        response.setProperty(SlurmCall.WHAT, "POST /slurm/v0.0.38/job/submit");
        response.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        response.getMessage().setBody(body);
        return assertThrows(SlurmCallException.class, () -> new SlurmErrors().fail(response));
    }

    /** slurmrestd 22.05's answer to a submit with a wrong or expired token: slurmctld hung up on it. */
    private static SlurmCallException refusedSlurmToken() {
        return slurm(500, "{\"errors\": [{\"error_code\": 5005, \"error\": \"Zero Bytes were transmitted or received\"}]}");
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

    @Test
    void should_retry_slurmrestd_unavailable_like_a_rescale_bad_gateway() {
        for (int status : new int[] {502, 503, 504, 429}) {
            failures = 0;
            SlurmCallException unavailable = slurm(status, "<html>" + status + " Service Unavailable</html>");
            assertEquals(status, unavailable.getStatusCode());
            assertEquals(FailureKind.TRANSIENT, slurmErrors.kind(unavailable), "HTTP " + status);
            assertTrue(judge(slurmErrors, unavailable));
            assertTrue(judge(slurmErrors, unavailable));
            assertFalse(judge(slurmErrors, unavailable), "two retries, then the step fails, as for Rescale's 502");
        }
        // slurmctld down behind slurmrestd: 500 with "Unable to contact slurm controller" (1800).
        SlurmCallException controllerDown = slurm(500, "{\"errors\": [{\"error_code\": 1800,"
                + " \"error\": \"Unable to contact slurm controller (connect failure)\"}]}");
        assertEquals(FailureKind.TRANSIENT, slurmErrors.kind(controllerDown));
        assertEquals(FailureKind.TRANSIENT, errors.kind(badGateway()));
    }

    @Test
    void should_treat_a_refused_slurm_token_like_a_refused_rescale_key() {
        SlurmCallException refused = refusedSlurmToken();
        assertEquals(500, refused.getStatusCode());
        assertTrue(slurmErrors.isRefusedCredentials(refused));
        assertTrue(errors.isRefusedCredentials(rescale(401)), "as Rescale's 401");
        assertTrue(errors.isRefusedCredentials(rescale(403)));
        assertTrue(slurmErrors.isRefusedCredentials(slurm(401, "Authentication failure")), "no token at all");
        assertTrue(slurmErrors.isRefusedCredentials(new IllegalStateException("placing the job", refused)),
                "found down the cause chain");

        assertFalse(judge(slurmErrors, refused), "not retried: every try is refused again");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, refused);
        assertFalse(slurmErrors.mayPass(exchange));
        String said = slurmErrors.describe(exchange);
        assertTrue(said.startsWith("Slurm refused the token of user alice"), said);
        assertTrue(said.contains(SLURM_TOKEN_SETTING) && said.contains("scontrol token"), "which setting to check: " + said);
        assertTrue(said.contains("Zero Bytes were transmitted or received (5005)"), "and Slurm's own words: " + said);
    }

    @Test
    void should_not_retry_what_slurm_or_rescale_refused_for_good() {
        SlurmCallException unknownJob = slurm(500, "{\"errors\": [{\"description\": \"Unable to find JobId=5\","
                + " \"error_number\": 2017, \"error\": \"Invalid job id specified\"}]}");
        assertEquals(FailureKind.NOT_FOUND, slurmErrors.kind(unknownJob), "an unknown job, like Rescale's 404");
        assertEquals("slurmrestd answered 500 to POST /slurm/v0.0.38/job/submit: Unable to find JobId=5 (2017)",
                slurmErrors.describe(unknownJob));
        assertEquals(FailureKind.PERMANENT, slurmErrors.kind(slurm(400, "{\"errors\": [{\"error\": \"environment must be set\","
                + " \"error_code\": 2127}]}")));
        assertEquals(FailureKind.PERMANENT, errors.kind(rescale(400)));
        assertEquals(FailureKind.NOT_FOUND, errors.kind(rescale(404)));
        assertFalse(judge(rescale(404)), "not found is not tried again");
        assertEquals(FailureKind.PERMANENT, errors.kind(new IllegalStateException("comp_time.log is not among the job's output files")));
    }

    @Test
    void should_treat_network_trouble_and_a_short_upload_as_transient_for_every_engine() {
        for (StepErrors policy : new StepErrors[] {errors, slurmErrors}) {
            assertEquals(FailureKind.TRANSIENT, policy.kind(new RuntimeException(new ConnectException("Connection refused"))));
            assertEquals(FailureKind.TRANSIENT, policy.kind(new PlatformDownException("held back")));
            assertEquals(FailureKind.PERMANENT, policy.kind(new java.nio.file.NoSuchFileException("/no/such/zip")),
                    "a local file error: no retry mends it");
            assertEquals("platform not reachable: Connection refused",
                    policy.describe(new RuntimeException(new ConnectException("Connection refused"))));
        }
        assertEquals(FailureKind.TRANSIENT, errors.kind(new ShortUploadException("stored 10 of 20 bytes")));
    }

    @Test
    void should_mask_the_engines_secret() {
        SlurmCallException leaky = slurm(400, "{\"errors\": [{\"error\": \"bad header secret-token\", \"error_code\": 9001}]}");
        assertFalse(slurmErrors.describe(leaky).contains("secret-token"), slurmErrors.describe(leaky));
        assertEquals("unknown error", slurmErrors.describe((Throwable) null));
    }
}
