package org.hpcsweep.bench;

import java.io.IOException;
import java.net.URI;
import org.hpcsweep.faults.FaultyPlatformProxy;

/**
 * The way from a client to the platform in a benchmark: straight to it on loopback, or, with a
 * latency, through a proxy on loopback that holds every call that long before passing it on, as the
 * round trip to a cloud platform over the internet would (no faults). Both the reference driver and
 * hpc-sweep then pay the same price per call, which is what sequential and parallel calls differ in.
 */
final class WanLink implements AutoCloseable {
    private final URI baseUrl;
    private final FaultyPlatformProxy proxy;

    private WanLink(URI baseUrl, FaultyPlatformProxy proxy) {
        this.baseUrl = baseUrl;
        this.proxy = proxy;
    }

    static WanLink to(URI platform, long latencyMillis) throws IOException {
        if (latencyMillis <= 0) {
            return new WanLink(platform, null);
        }
        FaultyPlatformProxy proxy = new FaultyPlatformProxy(platform, 0, 0);
        proxy.delay("", latencyMillis);
        return new WanLink(proxy.baseUrl(), proxy);
    }

    URI baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
