package org.hpcsweep.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;

/**
 * What a link really carries, measured in the same run as the transfers over it: a plain socket
 * copy of a given number of bytes through the link, each way, to a server on loopback that drops
 * what it gets (up) or sends zeros (down). Answers seconds, from the first byte sent to the
 * acknowledgement of the last (up) or to the last byte read (down).
 */
final class LinkCalibration implements AutoCloseable {
    private static final int PIECE = 64 << 10;
    private final ServerSocket server;

    LinkCalibration() throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve, "link-calibration");
        t.setDaemon(true);
        t.start();
    }

    URI address() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Seconds to send {@code bytes} through the link at {@code link} (a relay in front of {@link #address()}). */
    static double up(URI link, long bytes) throws IOException {
        try (Socket s = new Socket(link.getHost(), link.getPort())) {
            OutputStream out = s.getOutputStream();
            long t0 = System.nanoTime();
            out.write('U');
            byte[] piece = new byte[PIECE];
            for (long left = bytes; left > 0; left -= PIECE) {
                out.write(piece, 0, (int) Math.min(PIECE, left));
            }
            s.shutdownOutput();
            long got = ByteBuffer.wrap(s.getInputStream().readNBytes(8)).getLong();
            double secs = (System.nanoTime() - t0) / 1e9;
            if (got != bytes) {
                throw new IOException("calibration: " + got + " of " + bytes + " bytes arrived");
            }
            return secs;
        }
    }

    /** Seconds to receive {@code bytes} through the link at {@code link}. */
    static double down(URI link, long bytes) throws IOException {
        try (Socket s = new Socket(link.getHost(), link.getPort())) {
            long t0 = System.nanoTime();
            OutputStream out = s.getOutputStream();
            out.write('D');
            out.write(ByteBuffer.allocate(8).putLong(bytes).array());
            out.flush();
            long got = s.getInputStream().transferTo(OutputStream.nullOutputStream());
            double secs = (System.nanoTime() - t0) / 1e9;
            if (got != bytes) {
                throw new IOException("calibration: " + got + " of " + bytes + " bytes arrived");
            }
            return secs;
        }
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                int kind = in.read();
                if (kind == 'U') {
                    long got = in.transferTo(OutputStream.nullOutputStream());
                    out.write(ByteBuffer.allocate(8).putLong(got).array());
                } else if (kind == 'D') {
                    long bytes = ByteBuffer.wrap(in.readNBytes(8)).getLong();
                    byte[] piece = new byte[PIECE];
                    for (long left = bytes; left > 0; left -= PIECE) {
                        out.write(piece, 0, (int) Math.min(PIECE, left));
                    }
                }
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("calibration connection: " + e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
