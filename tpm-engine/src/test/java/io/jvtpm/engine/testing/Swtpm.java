package io.jvtpm.engine.testing;

import io.jvtpm.engine.TpmBackendException;
import io.jvtpm.engine.transport.SwtpmClientBackend;
import io.jvtpm.engine.transport.net.Endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code swtpm socket --tpm2} (libtpms) for a peer test, with no TCP port picked by the
 * test and bound later by swtpm (another process may take it in between): on unix sockets in a
 * directory of its own, a data and a control socket ({@link #start}) or, as QEMU's -tpmdev
 * emulator runs it, a control socket only, the data channel handed over with CMD_SET_DATAFD
 * ({@link #startControlOnly}); or on TCP ports that swtpm binds itself as port 0 and this class
 * reads from /proc ({@link #startTcp}). {@link #tcpPair()} adds the adjacent port pair tpm2-tools'
 * swtpm TCTI wants. A missing swtpm fails the test under CI=true and skips it otherwise.
 * Stopped, and its socket directory removed, on {@link #close()}.
 */
public final class Swtpm implements AutoCloseable {

    /** Where the TPM stands once swtpm is up. */
    public enum Power {
        /** Waits for _TPM_Init (CMD_INIT), as a TPM at power-on does. */
        NEEDS_INIT(null),
        /** Initialized (--flags not-need-init): the TPM wants TPM2_Startup. */
        INITIALIZED("not-need-init"),
        /** Initialized and past TPM2_Startup(CLEAR) (--flags not-need-init,startup-clear). */
        STARTED("not-need-init,startup-clear");

        private final String flags;

        Power(String flags) {
            this.flags = flags;
        }
    }

    private final Process process;
    private final Path socketDir;
    private final SocketAddress data;
    private final SocketAddress control;
    private TcpRelay pair;

    private Swtpm(Process process, Path socketDir, SocketAddress data, SocketAddress control) {
        this.process = process;
        this.socketDir = socketDir;
        this.data = data;
        this.control = control;
    }

    /** swtpm with its state in {@code stateDir}, a data and a control unix socket. */
    public static Swtpm start(Path stateDir, Power power) throws IOException, InterruptedException {
        return start(stateDir, power, true);
    }

    /** swtpm as QEMU runs it: a control unix socket only; {@link #connect()} hands over the data socket. */
    public static Swtpm startControlOnly(Path stateDir, Power power) throws IOException, InterruptedException {
        return start(stateDir, power, false);
    }

    private static Swtpm start(Path stateDir, Power power, boolean withData) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("swtpm");
        Path data = withData ? dir.resolve("data.sock") : null;
        Path ctrl = dir.resolve("ctrl.sock");
        List<String> channels = new ArrayList<>(List.of("--ctrl", "type=unixio,path=" + ctrl));
        if (data != null) {
            channels.addAll(List.of("--server", "type=unixio,path=" + data));
        }
        Process p = launch(stateDir, power, dir, channels);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ListeningPorts.listening(ctrl) || (data != null && !ListeningPorts.listening(data))) {
            checkStarting(p, dir, deadline);
            Thread.sleep(20);
        }
        return new Swtpm(p, dir, data == null ? null : UnixDomainSocketAddress.of(data), UnixDomainSocketAddress.of(ctrl));
    }

    /**
     * swtpm on TCP, 127.0.0.1: swtpm binds both ports as port 0 itself and keeps them; the ports
     * are read from /proc (its control socket is set up first, so it has the lower descriptor).
     */
    public static Swtpm startTcp(Path stateDir, Power power) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("swtpm");
        Process p = launch(stateDir, power, dir, List.of("--ctrl", "type=tcp,port=0,bindaddr=127.0.0.1",
                "--server", "type=tcp,port=0,bindaddr=127.0.0.1"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<Integer> ports = ListeningPorts.of(p.pid());
            if (ports.size() == 2) {
                InetAddress lo = InetAddress.getLoopbackAddress();
                return new Swtpm(p, dir, new InetSocketAddress(lo, ports.get(1)), new InetSocketAddress(lo, ports.get(0)));
            }
            checkStarting(p, dir, deadline);
            Thread.sleep(20);
        }
    }

    private static Process launch(Path stateDir, Power power, Path dir, List<String> channels) throws IOException {
        Path swtpm = Peers.require("swtpm", "swtpm");
        List<String> cmd = new ArrayList<>(List.of(swtpm.toString(), "socket", "--tpm2", "--tpmstate", "dir=" + stateDir));
        cmd.addAll(channels);
        if (power.flags != null) {
            cmd.addAll(List.of("--flags", power.flags));
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("swtpm.log").toFile()).start();
    }

    /** Throws, after stopping swtpm and removing its directory, when it died or the deadline passed. */
    private static void checkStarting(Process p, Path dir, long deadline) throws IOException {
        if (!p.isAlive() || System.nanoTime() > deadline) {
            String log = log(dir);
            try {
                stop(p);
            } finally {
                deleteTree(dir);
            }
            throw new IOException("swtpm did not come up: " + log);
        }
    }

    /** The data channel's unix socket; empty when swtpm runs on TCP or with a control socket only. */
    public Optional<Path> dataSocket() {
        return data instanceof UnixDomainSocketAddress u ? Optional.of(u.getPath()) : Optional.empty();
    }

    /** The control channel's unix socket; fails for swtpm on TCP. */
    public Path controlSocket() {
        if (control instanceof UnixDomainSocketAddress u) {
            return u.getPath();
        }
        throw new IllegalStateException("swtpm runs on TCP: use controlPort()");
    }

    /** The data channel's TCP port; fails for swtpm on unix sockets. */
    public int dataPort() {
        return tcpPort(data);
    }

    /** The control channel's TCP port; fails for swtpm on unix sockets. */
    public int controlPort() {
        return tcpPort(control);
    }

    private static int tcpPort(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            return i.getPort();
        }
        throw new IllegalStateException("swtpm runs on unix sockets: use startTcp for TCP ports");
    }

    private static Endpoint endpoint(SocketAddress a) {
        return a instanceof InetSocketAddress i ? new Endpoint.Tcp("127.0.0.1", i.getPort())
                : new Endpoint.Unix(((UnixDomainSocketAddress) a).getPath());
    }

    /** The engine's client of this swtpm (both sockets, or the control socket and CMD_SET_DATAFD). */
    public SwtpmClientBackend connect() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return data == null ? SwtpmClientBackend.connectWithDataFd(controlSocket())
                        : SwtpmClientBackend.connect(endpoint(data), endpoint(control));
            } catch (TpmBackendException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("cannot connect to swtpm: " + e.getMessage() + "\n" + log(), e);
                }
                Thread.sleep(20);
            }
        }
    }

    /**
     * An adjacent TCP port pair on 127.0.0.1 for this swtpm on TCP, the data port and the control
     * port right after it, as tpm2-tools' swtpm TCTI wants them: bound once, kept, and relayed to
     * swtpm's own ports.
     */
    public synchronized TcpRelay tcpPair() throws IOException {
        if (!(data instanceof InetSocketAddress)) {
            throw new IllegalStateException("relay swtpm's TCP ports: start it with startTcp");
        }
        if (pair == null) {
            pair = TcpRelay.start(data, control);
        }
        return pair;
    }

    /** True once swtpm has exited within {@code millis}. */
    public boolean exited(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    /** What swtpm printed so far. */
    public String log() {
        return log(socketDir);
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("swtpm.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no swtpm log: " + e.getMessage() + ")";
        }
    }

    /** Stops swtpm and removes its socket directory; the state directory stays. */
    @Override
    public synchronized void close() {
        try {
            if (pair != null) {
                pair.close();
            }
            stop(process);
        } finally {
            deleteTree(socketDir);
        }
    }

    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
