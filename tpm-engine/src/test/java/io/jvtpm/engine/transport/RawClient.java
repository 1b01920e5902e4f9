package io.jvtpm.engine.transport;

import io.jvtpm.engine.wire.TpmWire;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HexFormat;

/** A plain TCP client for protocol tests: send hex, read an exact number of bytes. */
public final class RawClient implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of();
    private final Socket socket;
    private final InputStream in;

    public RawClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
    }

    public static byte[] hex(String h) {
        return HEX.parseHex(h.replace(" ", ""));
    }

    public static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    public RawClient send(String h) throws IOException {
        return send(hex(h));
    }

    public RawClient send(byte[] b) throws IOException {
        socket.getOutputStream().write(b);
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads exactly {@code n} bytes and returns them as hex. */
    public String read(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new IOException("connection closed after " + b.length + " of " + n + " bytes");
        }
        return hex(b);
    }

    /** Sends a control message and reads an answer of {@code n} bytes. */
    public String call(String h, int n) throws IOException {
        return send(h).read(n);
    }

    /** Reads a whole TPM response framed by its header and returns it as hex. */
    public String readResponse() throws IOException {
        byte[] head = in.readNBytes(10);
        if (head.length < 10) {
            throw new IOException("short response header");
        }
        int size = TpmWire.u32(head, 2);
        byte[] rest = in.readNBytes(size - 10);
        return hex(head) + hex(rest);
    }

    /** True when the server closed the connection (EOF within the timeout). */
    public boolean closedByPeer(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            socket.setSoTimeout(5000);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
