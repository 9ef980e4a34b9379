package org.hpcsweep.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.hpcsweep.engine.FailureKind;
import org.hpcsweep.engine.StepErrors;
import org.hpcsweep.operations.PlatformBreaker;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the real slurmrestd (22.05, v0.0.38, as {@code .ci/slurm-up.sh} sets it up) answers a token it
 * refuses, read through the Slurm routes and classified by {@link SlurmFailures}: a refused token,
 * not an outage to retry. Skipped, with the reason, where that cluster is not running.
 */
class SlurmRefusedTokenTest {
    @TempDir
    Path dir;

    @Test
    void should_classify_what_slurmrestd_answers_a_wrong_token_as_refused_credentials() throws Exception {
        String unavailable = SlurmRestTest.whyUnavailable();
        Assumptions.assumeTrue(unavailable == null, unavailable);
        Map<String, String> env = SlurmRestTest.readEnvFile();
        String user = env.getOrDefault(SlurmCredentials.USER_ENV, "root");
        String wrongToken = "not-a-token-" + UUID.randomUUID();
        StepErrors errors = new StepErrors(new SlurmFailures(user, SlurmFailures.environmentSetting()),
                new SlurmCredentials(user, wrongToken)::mask, 6);
        try (CamelContext camel = slurmRoutes(env, new SlurmCredentials(user, wrongToken))) {
            // Submit and cancel: slurmctld hangs up on the token, slurmrestd says 500 "Zero Bytes ..." (5005).
            Exchange submit = camel.createProducerTemplate().send("direct:slurm-submit", e -> e.getMessage().setBody(
                    new SlurmJobRequest().build("hpcsweep-test-refused", 1, 0.1, dir, "true", Map.of())));
            Exchange cancel = camel.createProducerTemplate().send("direct:slurm-cancel", e -> e.setProperty(SlurmCall.JOB_ID, 999_999_999L));
            for (Exchange refused : new Exchange[] {submit, cancel}) {
                SlurmCallException e = assertInstanceOf(SlurmCallException.class, refused.getException());
                assertEquals(500, e.getStatusCode(), e.getMessage());
                assertTrue(e.getErrorNumbers().contains(5005), e.getMessage());
                assertEquals(FailureKind.REFUSED_CREDENTIALS, errors.kind(e), e.getMessage());
                String said = errors.describe(e);
                assertTrue(said.contains("refused the token of user " + user) && said.contains("SLURM_JWT"), said);
                assertTrue(!said.contains(wrongToken), said);
            }
            // A read says only "Unspecified error" (-1), as it does when slurmctld is down: waited out.
            Exchange status = camel.createProducerTemplate().send("direct:slurm-status", e -> e.setProperty(SlurmCall.JOB_ID, 999_999_999L));
            SlurmCallException e = assertInstanceOf(SlurmCallException.class, status.getException());
            assertEquals(java.util.List.of(-1), e.getErrorNumbers(), e.getMessage());
            assertEquals(FailureKind.TRANSIENT, errors.kind(e));
        }
    }

    private static CamelContext slurmRoutes(Map<String, String> env, SlurmCredentials credentials) throws Exception {
        URI url = URI.create(env.getOrDefault("SLURM_REST_URL", "http://127.0.0.1:6820"));
        assertTrue("127.0.0.1".equals(url.getHost()) || "localhost".equals(url.getHost()), "loopback only, not " + url);
        CamelContext camel = new DefaultCamelContext();
        camel.getPropertiesComponent().addInitialProperty("hpcsweep.slurm.url", url.toString());
        camel.getRegistry().bind("slurmCredentials", credentials);
        camel.getRegistry().bind("platformBreaker", new PlatformBreaker(url.toString(), 5, Duration.ofSeconds(30), credentials::mask));
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                ResourceHelper.resolveResource(camel, "classpath:routes/engine-slurm/10-slurm-calls.yaml"));
        camel.start();
        return camel;
    }
}
