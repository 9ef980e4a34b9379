package org.hpcsweep.operations;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Error} thrown in a step (an OutOfMemoryError most likely) becomes the exchange's failure,
 * like any exception: thrown on, it reached the consumer's thread and ended it silently (a timer's
 * thread dies, a file consumer's scheduled poll is never run again), leaving the route "started"
 * but dead. As a failure, the route's error handling sees it and the consumer polls again.
 */
public final class ErrorsAsFailures implements InterceptStrategy {
    private static final Logger LOG = LoggerFactory.getLogger("hpcsweep.service");

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target, Processor nextTarget) {
        return new DelegateAsyncProcessor(AsyncProcessorConverterHelper.convert(target)) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                try {
                    return processor.process(exchange, callback);
                } catch (Error e) {
                    LOG.error("route {}, step {}: {}", exchange.getFromRouteId(), definition.getId(), e.toString());
                    exchange.setException(e);
                    callback.done(true);
                    return true;
                }
            }
        };
    }
}
