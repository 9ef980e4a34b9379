package org.hpcsweep.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;

/**
 * The API's token, checked on the HTTP server before a request's body is read: the routes' own
 * body handler writes each uploaded part to disk before any route runs, so a check in
 * {@link StudyApi} alone let a caller without the token fill the disk. {@link StudyApi} still
 * checks it as well. The OpenAPI document stays public.
 */
public final class TokenGate implements Handler<RoutingContext> {
    private static final String OPENAPI = "/api/openapi.json";
    private final Callers callers;
    private final long maxBodyBytes;
    private volatile boolean installed;

    /** @param maxBodyBytes the largest request body taken (hpcsweep.api.max-upload-bytes), -1 for no limit */
    public TokenGate(Callers callers, long maxBodyBytes) {
        this.callers = callers;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(RoutingContext ctx) {
        boolean open = ctx.request().method() == HttpMethod.GET && OPENAPI.equals(ctx.normalizedPath());
        if (open || callers.accepts(ctx.request().getHeader("Authorization"), ctx.request().getHeader("Cookie"))) {
            if (tooLarge(ctx.request().getHeader("Content-Length"))) {
                // Said as the API says every refusal, before a byte is read.
                refuseTooLarge(ctx);
                return;
            }
            ctx.next();
            return;
        }
        // The body is not read; the connection is closed so the client stops sending it.
        ctx.response().setStatusCode(401).putHeader("Content-Type", Problems.MEDIA_TYPE).putHeader("WWW-Authenticate", "Bearer")
                .putHeader("Connection", "close").end(Problems.json(401, BearerToken.REFUSAL));
    }

    /**
     * A body without a declared length (chunked) meets the limit only while it streams in: the HTTP
     * server's body handler then fails the request with 413, which would otherwise be answered as
     * its own plain text.
     */
    private void failed(RoutingContext ctx) {
        if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
            refuseTooLarge(ctx);
        } else {
            ctx.next();
        }
    }

    private void refuseTooLarge(RoutingContext ctx) {
        ctx.response().setStatusCode(413).putHeader("Content-Type", Problems.MEDIA_TYPE).putHeader("Connection", "close")
                .end(Problems.json(413, "the request is larger than " + maxBodyBytes + " bytes (hpcsweep.api.max-upload-bytes)"));
    }

    private boolean tooLarge(String contentLength) {
        try {
            return maxBodyBytes >= 0 && contentLength != null && Long.parseLong(contentLength.strip()) > maxBodyBytes;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    /** Any /api path no route took: a problem+json 404 for API clients, not the HTTP server's HTML page. */
    private static void notFound(RoutingContext ctx) {
        ctx.response().setStatusCode(404).putHeader("Content-Type", Problems.MEDIA_TYPE)
                .end(Problems.json(404, ctx.request().method() + " " + ctx.normalizedPath() + " is not part of the API; see /api/openapi.json"));
    }

    /**
     * Puts the gate in front of every /api route as each route is about to start, once the HTTP
     * server's router exists: so it is in place before any API route takes a request.
     */
    public SimpleEventNotifierSupport installer() {
        return new SimpleEventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return !installed && event instanceof CamelEvent.RouteStartingEvent;
            }

            @Override
            public void notify(CamelEvent event) {
                install(((CamelEvent.RouteEvent) event).getRoute().getCamelContext());
            }
        };
    }

    /** Whether the gate is in front of the API (the service refuses to start otherwise). */
    public boolean installed() {
        return installed;
    }

    synchronized void install(CamelContext context) {
        if (installed) {
            return;
        }
        // The service's own HTTP server (camel.server.*), not the management one; bound by port.
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            if (router.isMainServer()) {
                // Before the routes' own handlers (their body handler included), whenever those are added.
                router.route("/api/*").order(Integer.MIN_VALUE).handler(this).failureHandler(this::failed);
                // After every route (the routes' own are ordered from 0 up as they are added).
                router.route("/api/*").order(Integer.MAX_VALUE).handler(TokenGate::notFound);
                installed = true;
                return;
            }
        }
    }
}
