package org.hpcsweep.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.timer.TimerConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's health says when its routes stop running, and an Error in a timer's step does not stop it (issue 18, item 2). */
class ServiceHealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static HpcSweepService service;
    static String health;

    @BeforeAll
    static void start() throws Exception {
        int api;
        int management;
        try (ServerSocket a = new ServerSocket(0); ServerSocket m = new ServerSocket(0)) {
            api = a.getLocalPort();
            management = m.getLocalPort();
        }
        service = HpcSweepService.start(TestStudies.settings(dir, Map.of("hpcsweep.api.enabled", "true",
                "hpcsweep.api.port", Integer.toString(api), "hpcsweep.management.port", Integer.toString(management),
                "hpcsweep.api.token-file", Files.writeString(dir.resolve("api-token"), "health-token").toString(),
                "hpcsweep.api.uploads", dir.resolve("uploads").toString(), "hpcsweep.limits.check-millis", "50")));
        health = "http://127.0.0.1:" + management + "/observe/health";
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    @Test
    void should_report_down_while_a_route_that_should_run_is_stopped() throws Exception {
        CamelContext context = service.main().getCamelContext();
        assertEquals("UP", status().path("status").asText(), status().toString());

        context.getRouteController().stopRoute("enforce-limits");
        try {
            JsonNode down = status();
            assertEquals("DOWN", down.path("status").asText(), down.toString());
            assertTrue(down.toString().contains("route enforce-limits is Stopped"), down.toString());
        } finally {
            context.getRouteController().startRoute("enforce-limits");
        }
        assertEquals("UP", status().path("status").asText());
    }

    @Test
    void should_keep_a_timer_route_running_after_an_error_in_one_of_its_steps() throws Exception {
        CamelContext context = service.main().getCamelContext();
        AtomicBoolean thrown = new AtomicBoolean();
        AdviceWith.adviceWith(context, "enforce-limits", route -> route.weaveAddFirst().process(e -> {
            if (thrown.compareAndSet(false, true)) {
                throw new OutOfMemoryError("Java heap space (thrown by the test)");
            }
        }));
        long end = System.nanoTime() + 10_000_000_000L;
        while (!thrown.get() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertTrue(thrown.get(), "the limits timer never fired");
        TimerConsumer timer = (TimerConsumer) context.getRoute("enforce-limits").getConsumer();
        long after = timer.getCounter();
        while (timer.getCounter() < after + 5 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertTrue(timer.getCounter() >= after + 5, "the limits timer stopped after the error: fired " + timer.getCounter() + " times");
        assertEquals("UP", status().path("status").asText());
    }

    private static JsonNode status() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(health)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body());
    }
}
