package io.jvtpm.engine.transport.net;

import java.io.IOException;
import java.nio.file.Path;

/** Where a transport listens or connects: a TCP address or a unix socket path (swtpm's type=tcp / type=unixio). */
public sealed interface Endpoint permits Endpoint.Tcp, Endpoint.Unix {

    /** Opens a listening socket here. */
    Listener listen() throws IOException;

    /** Connects to a listener here. */
    Connection connect() throws IOException;

    /** A TCP endpoint; {@code host} is a bind address for listeners, a peer for clients. */
    record Tcp(String host, int port) implements Endpoint {
        public Tcp {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("TCP port out of range: " + port);
            }
        }

        @Override
        public Listener listen() throws IOException {
            return TcpListener.bind(host, port);
        }

        @Override
        public Connection connect() throws IOException {
            return SocketConnection.connect(host, port);
        }

        @Override
        public String toString() {
            return "tcp:" + host + ":" + port;
        }
    }

    /** A unix-domain stream socket at {@code path}. */
    record Unix(Path path) implements Endpoint {
        @Override
        public Listener listen() throws IOException {
            return UnixListener.bind(path);
        }

        @Override
        public Connection connect() throws IOException {
            return FdConnection.connectUnix(path);
        }

        @Override
        public String toString() {
            return "unix:" + path;
        }
    }
}
