package io.jvtpm.engine.transport.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A {@link Connection} over a TCP socket (java.net). */
public final class SocketConnection implements Connection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String name;

    public SocketConnection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.name = "tcp:" + socket.getRemoteSocketAddress();
    }

    /** Connects to {@code host:port}. */
    public static SocketConnection connect(String host, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), 5000);
            return new SocketConnection(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public int read(byte[] buf, int off, int len, int timeoutMillis) throws IOException {
        socket.setSoTimeout(Math.max(0, timeoutMillis));
        try {
            int n = in.read(buf, off, len);
            return n < 0 ? EOF : n;
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        out.write(buf, off, len);
        out.flush();
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that failed already: nothing left to release
        }
    }
}
