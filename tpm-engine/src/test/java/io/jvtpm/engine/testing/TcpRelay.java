package io.jvtpm.engine.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * An adjacent TCP port pair on 127.0.0.1 (port, port + 1) relayed byte for byte to two other
 * sockets (TCP or unix), for a client that wants its server's two channels on adjacent ports
 * (tpm2-tools' swtpm TCTI). Both ports are bound (port 0, then the one after it) and kept from the
 * start, so no other process can take them between a port being picked and being bound.
 */
public final class TcpRelay implements AutoCloseable {
    private static final int ATTEMPTS = 50;

    private final ServerSocketChannel data;
    private final ServerSocketChannel control;
    private final List<SocketChannel> open = new ArrayList<>();
    private volatile boolean closed;

    private TcpRelay(ServerSocketChannel data, ServerSocketChannel control) {
        this.data = data;
        this.control = control;
    }

    /** Binds a port pair and relays it: the first port to {@code dataTarget}, the second to {@code controlTarget}. */
    public static TcpRelay start(SocketAddress dataTarget, SocketAddress controlTarget) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int i = 0; i < ATTEMPTS; i++) {
            ServerSocketChannel first = ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0));
            int port = ((InetSocketAddress) first.getLocalAddress()).getPort();
            if (port == 65535) {
                first.close();
                continue;
            }
            ServerSocketChannel second = ServerSocketChannel.open();
            try {
                second.bind(new InetSocketAddress(loopback, port + 1));
            } catch (IOException taken) {
                second.close();
                first.close();
                continue;
            }
            TcpRelay relay = new TcpRelay(first, second);
            relay.serve(first, dataTarget);
            relay.serve(second, controlTarget);
            return relay;
        }
        throw new IOException("no pair of adjacent free TCP ports on " + loopback + " in " + ATTEMPTS + " tries");
    }

    /** The first port (swtpm's data channel). */
    public int port() {
        return portOf(data);
    }

    /** The second port, {@link #port()} + 1 (swtpm's control channel). */
    public int controlPort() {
        return portOf(control);
    }

    private static int portOf(ServerSocketChannel server) {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("relay closed", e);
        }
    }

    private void serve(ServerSocketChannel server, SocketAddress target) {
        Thread t = new Thread(() -> {
            while (!closed) {
                try {
                    SocketChannel client = server.accept();
                    SocketChannel out;
                    try {
                        out = SocketChannel.open(target);
                    } catch (IOException refused) {
                        closeQuietly(client);
                        continue;
                    }
                    track(client);
                    track(out);
                    pump(client, out);
                    pump(out, client);
                } catch (IOException e) {
                    // closed
                }
            }
        }, "tcp-relay-accept");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Copies until end of stream, then closes both ends so the other side sees it. Reads and writes
     * go to the channels themselves: a channel's streams (Channels.newInputStream) share one lock,
     * so a read waiting on one would hold up the write going the other way.
     */
    private static void pump(SocketChannel from, SocketChannel to) {
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(8192);
            try {
                while (from.read(buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        to.write(buf);
                    }
                    buf.clear();
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                closeQuietly(to);
                closeQuietly(from);
            }
        }, "tcp-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private synchronized void track(SocketChannel c) {
        open.add(c);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // already closed
        }
    }

    /** Stops listening and closes every relayed connection. */
    @Override
    public synchronized void close() {
        closed = true;
        closeQuietly(data);
        closeQuietly(control);
        open.forEach(TcpRelay::closeQuietly);
        open.clear();
    }
}
