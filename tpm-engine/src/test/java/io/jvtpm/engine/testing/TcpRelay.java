package io.jvtpm.engine.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.Channels;
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

    private final ServerSocket data;
    private final ServerSocket control;
    private final List<AutoCloseable> open = new ArrayList<>();
    private volatile boolean closed;

    private TcpRelay(ServerSocket data, ServerSocket control) {
        this.data = data;
        this.control = control;
    }

    /** Binds a port pair and relays it: the first port to {@code dataTarget}, the second to {@code controlTarget}. */
    public static TcpRelay start(SocketAddress dataTarget, SocketAddress controlTarget) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int i = 0; i < ATTEMPTS; i++) {
            ServerSocket first = new ServerSocket(0, 50, loopback);
            int port = first.getLocalPort();
            if (port == 65535) {
                first.close();
                continue;
            }
            ServerSocket second = new ServerSocket();
            try {
                second.bind(new InetSocketAddress(loopback, port + 1), 50);
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
        return data.getLocalPort();
    }

    /** The second port, {@link #port()} + 1 (swtpm's control channel). */
    public int controlPort() {
        return control.getLocalPort();
    }

    private void serve(ServerSocket server, SocketAddress target) {
        Thread t = new Thread(() -> {
            while (!closed) {
                try {
                    Socket client = server.accept();
                    SocketChannel out;
                    try {
                        out = SocketChannel.open(target);
                    } catch (IOException refused) {
                        closeQuietly(client);
                        continue;
                    }
                    track(client);
                    track(out);
                    pump(client.getInputStream(), Channels.newOutputStream(out), out, client);
                    pump(Channels.newInputStream(out), client.getOutputStream(), client, out);
                } catch (IOException e) {
                    // closed
                }
            }
        }, "tcp-relay-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** Copies until end of stream, then closes both ends so the other side sees it. */
    private static void pump(InputStream from, OutputStream to, AutoCloseable sink, AutoCloseable source) {
        Thread t = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (IOException e) {
                // one side went away
            } finally {
                closeQuietly(sink);
                closeQuietly(source);
            }
        }, "tcp-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private synchronized void track(AutoCloseable c) {
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
