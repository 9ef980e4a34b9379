package org.hpcsweep.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A WAN link's bandwidth on loopback: a TCP relay that passes every connection on to a target and
 * paces each direction with a token bucket of its own, shared by all connections (a link carries
 * all of them). The bucket holds {@link #BURST} bytes, so that over any stretch of time T a direction
 * carries at most cap × T + BURST bytes; a relay below TCP sees every byte (headers, multipart
 * framing) as the link would, and needs no knowledge of HTTP.
 */
final class RateCappedRelay implements AutoCloseable {
    /**
     * Bytes a direction may send at once after an idle spell (42 ms at 100 MB/s, a WAN router's queue): a pump
     * that wakes late, as it does on a busy machine, catches up from it instead of losing that time for good,
     * and over a transfer of seconds it adds well under 1 % to the cap.
     */
    static final int BURST = 4 << 20;
    private static final int PIECE = 256 << 10;

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final TokenBucket up;
    private final TokenBucket down;

    RateCappedRelay(InetSocketAddress target, long bytesPerSecond) throws IOException {
        this.target = target;
        this.up = new TokenBucket(bytesPerSecond);
        this.down = new TokenBucket(bytesPerSecond);
        this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "wan-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                AtomicInteger open = new AtomicInteger(2);
                pump(client, upstream, up, open, "wan-relay-up");
                pump(upstream, client, down, open, "wan-relay-down");
            } catch (IOException closedOrRefused) {
                // closed: the loop ends; a refused target: that connection is dropped, as a link would
            }
        }
    }

    /**
     * Copies {@code from} to {@code to} at the bucket's pace. At the end of one side it ends the
     * other's sending only (a client that has sent its request still reads the answer); the sockets
     * close when both directions have ended, or at once when one breaks.
     */
    private static void pump(Socket from, Socket to, TokenBucket bucket, AtomicInteger open, String name) {
        Thread t = new Thread(() -> {
            byte[] piece = new byte[PIECE];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(piece)) >= 0; ) {
                    bucket.take(n);
                    out.write(piece, 0, n);
                }
                to.shutdownOutput();
                if (open.decrementAndGet() == 0) {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            } catch (IOException gone) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /**
     * Tokens at {@code rate} bytes a second, at most {@link #BURST} saved up; a taker that finds too
     * few goes into debt and sleeps until it is paid off, so takers queue in order and the long-run
     * rate is exact whatever a sleep's overshoot (the time overslept refills the bucket).
     */
    static final class TokenBucket {
        private final double perNano;
        private double tokens = BURST;
        private long last = System.nanoTime();

        TokenBucket(long bytesPerSecond) {
            this.perNano = bytesPerSecond / 1e9;
        }

        void take(int bytes) {
            long wait;
            synchronized (this) {
                long now = System.nanoTime();
                tokens = Math.min(BURST, tokens + (now - last) * perNano) - bytes;
                last = now;
                wait = tokens >= 0 ? 0 : (long) (-tokens / perNano);
            }
            long until = System.nanoTime() + wait;
            for (long left = wait; left > 0; left = until - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        }
    }
}
