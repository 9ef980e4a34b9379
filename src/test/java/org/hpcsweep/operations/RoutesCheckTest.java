package org.hpcsweep.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.timer.TimerConsumer;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Routes that stop running show in the health check; an Error in a step does not end a timer (issue 18, item 2). */
class RoutesCheckTest {

    @Test
    void should_report_down_for_a_stopped_route_and_for_a_consumer_that_stopped_firing() throws Exception {
        AtomicLong clock = new AtomicLong();
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // Fires twice, then never again while the route stays started: what a dead timer thread looks like.
                    from("timer:ticks?period=10&delay=0&repeatCount=2").routeId("ticks").setBody(constant("tick"));
                    from("timer:steady?period=10&delay=0").routeId("steady").setBody(constant("tick"));
                }
            });
            context.start();
            awaitCount(context, "ticks", 2);
            Thread.sleep(200); // its counter also counts the firing that finds the repeats done
            RoutesCheck check = new RoutesCheck(context, clock::get);
            assertEquals(HealthCheck.State.UP, check.call(Map.of()).getState());

            clock.set(RoutesCheck.MIN_STALL_MILLIS + 1);
            awaitCount(context, "steady", counter(context, "steady") + 1);
            HealthCheck.Result stalled = check.call(Map.of());
            assertEquals(HealthCheck.State.DOWN, stalled.getState(), stalled.getMessage() + " inflight " + context.getInflightRepository().size("ticks") + " count " + counter(context, "ticks"));
            String message = stalled.getMessage().orElse("");
            assertTrue(message.contains("route ticks: its consumer has not fired for 120 s"), message);
            assertTrue(!message.contains("steady"), message);

            context.getRouteController().stopRoute("steady");
            String stopped = check.call(Map.of()).getMessage().orElse("");
            assertTrue(stopped.contains("route steady is Stopped"), stopped);
        }
    }

    @Test
    void should_keep_a_timer_firing_after_an_error_in_one_of_its_steps() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        try (CamelContext context = new DefaultCamelContext()) {
            context.getCamelContextExtension().addInterceptStrategy(new ErrorsAsFailures());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:monitor?period=10&delay=0").routeId("monitor").process(e -> {
                        if (fired.incrementAndGet() == 2) {
                            throw new OutOfMemoryError("Java heap space (thrown by the test)");
                        }
                    });
                }
            });
            context.start();
            long end = System.nanoTime() + 5_000_000_000L;
            while (fired.get() < 10 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertTrue(fired.get() >= 10, "the timer fired " + fired.get() + " times, then stopped");
        }
    }

    private static long counter(CamelContext context, String routeId) {
        return ((TimerConsumer) context.getRoute(routeId).getConsumer()).getCounter();
    }

    private static void awaitCount(CamelContext context, String routeId, long count) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (counter(context, routeId) < count && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertTrue(counter(context, routeId) >= count, routeId + " fired " + counter(context, routeId) + " times");
    }
}
