package org.hpcsweep.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import org.hpcsweep.faults.FaultyPlatformProxy;

/**
 * The way from a client to the platform in a benchmark: straight to it on loopback; or, with a
 * latency, through a proxy on loopback that holds every call that long before passing it on, as the
 * round trip to a cloud platform over the internet would (no faults), so that the reference driver
 * and hpc-sweep pay the same price per call, which is what sequential and parallel calls differ in;
 * or, with a bandwidth cap, through a relay that paces each direction to that many bytes a second
 * ({@link RateCappedRelay}), as a WAN link's bandwidth would (figure 3).
 */
final class WanLink implements AutoCloseable {
    private final URI baseUrl;
    private final AutoCloseable hop;

    private WanLink(URI baseUrl, AutoCloseable hop) {
        this.baseUrl = baseUrl;
        this.hop = hop;
    }

    static WanLink to(URI platform, long latencyMillis) throws IOException {
        if (latencyMillis <= 0) {
            return new WanLink(platform, null);
        }
        FaultyPlatformProxy proxy = new FaultyPlatformProxy(platform, 0, 0);
        proxy.delay("", latencyMillis);
        return new WanLink(proxy.baseUrl(), proxy);
    }

    /** A link that carries at most {@code bytesPerSecond} each way (all connections together). */
    static WanLink capped(URI platform, long bytesPerSecond) throws IOException {
        RateCappedRelay relay = new RateCappedRelay(new InetSocketAddress(platform.getHost(), platform.getPort()), bytesPerSecond);
        return new WanLink(URI.create("http://127.0.0.1:" + relay.port()), relay);
    }

    URI baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        try {
            if (hop != null) {
                hop.close();
            }
        } catch (Exception e) {
            System.err.println("closing the link: " + e.getMessage());
        }
    }
}
