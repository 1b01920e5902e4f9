package io.jvtpm.engine.transport.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A TCP {@link Listener} (java.net.ServerSocket with SO_REUSEADDR). */
public final class TcpListener implements Listener {
    private final ServerSocket server;

    private TcpListener(ServerSocket server) {
        this.server = server;
    }

    /** Binds {@code host:port}; port 0 picks a free port. */
    public static TcpListener bind(String host, int port) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port), 8);
            return new TcpListener(s);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The port actually bound. */
    public int port() {
        return server.getLocalPort();
    }

    @Override
    public Connection accept(int timeoutMillis) throws IOException {
        server.setSoTimeout(Math.max(0, timeoutMillis));
        try {
            Socket s = server.accept();
            return new SocketConnection(s);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    @Override
    public String describe() {
        return "tcp:" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
