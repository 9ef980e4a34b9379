package org.hpcsweep.operations;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.timer.TimerConsumer;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * Liveness of the service's own routes (/observe/health): down when a route that should run is not
 * started (stopped or suspended), or when a timer or polling consumer has not fired for a long while
 * with nothing of its route in flight, that is, its thread died. Without this the health endpoint
 * said UP while the monitor, the limits and the inbox had stopped.
 */
public final class RoutesCheck extends AbstractHealthCheck {
    /** A consumer silent this many of its periods (and at least {@link #MIN_STALL_MILLIS}) is taken for dead. */
    static final int STALL_PERIODS = 20;
    static final long MIN_STALL_MILLIS = 120_000;

    private final CamelContext context;
    private final LongSupplier clock;
    /** By route: the consumer's fire count when last seen, and since when (epoch millis) it has been that. */
    private final Map<String, long[]> lastSeen = new ConcurrentHashMap<>();

    public RoutesCheck(CamelContext context, LongSupplier clock) {
        super("hpc-sweep", "routes");
        this.context = context;
        this.clock = clock;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> problems = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            String id = route.getRouteId();
            ServiceStatus status = context.getRouteController().getRouteStatus(id);
            if (route.isAutoStartup() && status != ServiceStatus.Started) {
                problems.add("route " + id + " is " + status);
            } else if (status == ServiceStatus.Started && stalled(route)) {
                problems.add("route " + id + ": its consumer has not fired for " + (silentMillis(id) / 1000) + " s");
            }
        }
        if (problems.isEmpty()) {
            builder.up().message(context.getRoutes().size() + " routes running");
        } else {
            builder.down().message(String.join("; ", problems));
        }
    }

    private boolean stalled(Route route) {
        Consumer consumer = route.getConsumer();
        long count;
        long period;
        if (consumer instanceof TimerConsumer timer) {
            count = timer.getCounter();
            period = timer.getPeriod();
        } else if (consumer instanceof ScheduledPollConsumer poll) {
            count = poll.getCounter();
            period = poll.getDelay();
        } else {
            return false;
        }
        long now = clock.getAsLong();
        long[] seen = lastSeen.compute(route.getRouteId(), (id, old) -> old == null || old[0] != count ? new long[] {count, now} : old);
        // A long step (a placement behind the rate limiter) keeps an exchange in flight: busy, not dead.
        boolean busy = context.getInflightRepository().size(route.getRouteId()) > 0;
        return !busy && now - seen[1] > Math.max(MIN_STALL_MILLIS, STALL_PERIODS * period);
    }

    private long silentMillis(String routeId) {
        long[] seen = lastSeen.get(routeId);
        return seen == null ? 0 : clock.getAsLong() - seen[1];
    }
}
