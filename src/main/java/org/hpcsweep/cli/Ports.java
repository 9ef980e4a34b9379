package org.hpcsweep.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/**
 * Checks a port is free before a command binds it. The HTTP servers bind asynchronously and a failure
 * there is logged as a stack trace while the command goes on to say it is serving; a plain bind
 * first lets the command stop with one line instead.
 */
final class Ports {
    private Ports() {
    }

    /** Why host:port cannot be served on (e.g. in use), or empty when a bind there succeeds. */
    static Optional<String> unusable(String host, int port, String what) {
        if (port == 0) {
            return Optional.empty();
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("port " + port + " on " + host + " (" + what + ") cannot be used: "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()) + "; stop what uses it or choose another port");
        }
    }
}
