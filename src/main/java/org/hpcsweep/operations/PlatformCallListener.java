package org.hpcsweep.operations;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Hears of every call the service's routes send to the platform (or slurmrestd) once it is answered
 * or failed, so that watching calls (metrics, the circuit breaker) needs no step in any route.
 */
abstract class PlatformCallListener extends EventNotifierSupport {
    private final String platformUrl;

    PlatformCallListener(String platformUrl) {
        this.platformUrl = platformUrl;
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public final boolean isEnabled(CamelEvent event) {
        // Camel only times a call, and sends its "sent" event, when some notifier took its "sending" event.
        return event instanceof CamelEvent.ExchangeSendingEvent sending && sending.getEndpoint().getEndpointUri().startsWith(platformUrl)
                || event instanceof CamelEvent.ExchangeSentEvent sent && sent.getEndpoint().getEndpointUri().startsWith(platformUrl);
    }

    @Override
    public final void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeSentEvent sent) {
            callEnded(sent);
        }
    }

    /** A call to the platform was answered, or failed. */
    abstract void callEnded(CamelEvent.ExchangeSentEvent sent);
}
