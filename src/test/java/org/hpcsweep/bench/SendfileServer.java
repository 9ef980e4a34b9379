package org.hpcsweep.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The least an HTTP server can do to send a file, for figure 3's ceiling: to each connection it answers
 * any request with a 200 and the whole file through {@link FileChannel#transferTo} ({@code sendfile}
 * on Linux), no framework, no parsing. What a client receives from it over loopback is what loopback
 * TCP carries on this machine, whatever the platform's server does.
 */
final class SendfileServer implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Path file;

    SendfileServer(Path file) throws IOException {
        this.file = file;
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(this::serve, "sendfile-server");
        t.setDaemon(true);
        t.start();
    }

    URI address() throws IOException {
        return URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort() + "/");
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept(); FileChannel in = FileChannel.open(file)) {
                client.read(ByteBuffer.allocate(64 << 10));
                long size = in.size();
                client.write(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII)));
                for (long sent = 0; sent < size; ) {
                    sent += in.transferTo(sent, size - sent, client);
                }
            } catch (IOException e) {
                if (server.isOpen()) {
                    System.err.println("sendfile server: " + e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
