package io.jvtpm.engine.transport;

import io.jvtpm.engine.transport.net.Endpoint;
import io.jvtpm.engine.transport.net.TcpListener;
import io.jvtpm.engine.transport.ptm.PtmCommand;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmWire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random frames on swtpm's data and control ports and mssim's TPM and platform ports
 * ({@code -Djvtpm.socketFuzz.frames=N} per port, default 100,000; a quarter of that on the
 * platform socket, whose messages have no sizes): fully random bytes, valid
 * headers with random bodies, length fields that lie (huge, zero, short), prefixes with random
 * localities, control codes 0..0xFFFF with random payloads, mssim commands with random sizes,
 * and abrupt disconnects (RST) in the middle of a frame. A frame the server would rightly wait
 * on is followed by such a disconnect, so that every wait in the run is a fault; connections are
 * reused while the server keeps them. The server must answer every complete frame (a read that
 * times out fails the run), never hand the TPM a locality above 4, keep its heap and thread
 * count flat, and serve a well-behaved client afterwards.
 */
class SocketFuzzTest {
    private static final Logger LOG = LoggerFactory.getLogger(SocketFuzzTest.class);
    private static final int FRAMES = Integer.getInteger("jvtpm.socketFuzz.frames", 100_000);
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    /** Allowed growth of the used heap after GC between the first and the last checkpoint. */
    private static final long HEAP_SLACK = 48L << 20;
    private static final int BUFFER = 4096;

    private final Random rnd = new Random(Long.getLong("jvtpm.socketFuzz.seed", 12));
    private QuietTpm tpm;
    private SwtpmServer swtpm;
    private MssimServer mssim;

    @BeforeEach
    void start() throws IOException {
        tpm = new QuietTpm();
        Endpoint any = new Endpoint.Tcp("127.0.0.1", 0);
        swtpm = SwtpmServer.start(tpm, new SwtpmServer.Options(any, any, false, 2808, BUFFER));
        mssim = MssimServer.start(tpm, any, any, BUFFER);
    }

    @AfterEach
    void stop() {
        swtpm.close();
        mssim.close();
    }

    /** One fuzzed connection: raw socket, RST on abrupt close. */
    private static final class Client implements AutoCloseable {
        final Socket s;
        final DataInputStream in;
        final OutputStream out;

        Client(int port) throws IOException {
            s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setTcpNoDelay(true);
            s.setSoTimeout(READ_TIMEOUT_MILLIS);
            in = new DataInputStream(s.getInputStream());
            out = s.getOutputStream();
        }

        void send(byte[] b) throws IOException {
            out.write(b);
            out.flush();
        }

        /** Closes with a reset, as a client that dies mid-frame does. */
        void abort() {
            try {
                s.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // closing anyway
            }
            close();
        }

        @Override
        public void close() {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing left
            }
        }
    }

    /** What a frame asks of the client after sending it. */
    private enum After { ANSWER, ABORT, MAY_CLOSE }

    /** One frame's bytes and how the server's answer is read (null reader: none). */
    private record Frame(byte[] bytes, After after, Reader reader) {
    }

    @FunctionalInterface
    private interface Reader {
        void read(DataInputStream in) throws IOException;
    }

    /** Sends frames made by {@code gen} to {@code port}, reconnecting whenever needed. */
    private void run(String name, int port, int frames, java.util.function.Supplier<Frame> gen) throws Exception {
        Runtime rt = Runtime.getRuntime();
        long baseHeap = -1;
        int baseThreads = -1;
        long sent = 0;
        long answered = 0;
        long reconnects = 0;
        Client c = null;
        long t0 = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            if (i == frames / 10 || i == frames - 1) {
                long heap = usedHeapAfterGc(rt);
                int threads = Thread.activeCount();
                if (baseHeap < 0) {
                    baseHeap = heap;
                    baseThreads = threads;
                } else {
                    assertTrue(heap < baseHeap + HEAP_SLACK, name + ": used heap grew from " + (baseHeap >> 20)
                            + " MB to " + (heap >> 20) + " MB");
                    assertTrue(threads <= baseThreads + 4, name + ": threads grew from " + baseThreads + " to " + threads);
                }
                LOG.info("{}: {} frames, used heap {} MB, {} threads", name, i, heap >> 20, threads);
            }
            if (c == null) {
                c = new Client(port);
                reconnects++;
            }
            Frame f = gen.get();
            try {
                c.send(f.bytes());
                sent++;
                if (f.after() == After.ABORT) {
                    c.abort();
                    c = null;
                    continue;
                }
                f.reader().read(c.in);
                answered++;
                if (f.after() == After.MAY_CLOSE) {
                    c.close();
                    c = null;
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError(name + ": no answer to frame " + i + " within " + READ_TIMEOUT_MILLIS
                        + " ms: " + RawClient.hex(java.util.Arrays.copyOf(f.bytes(), Math.min(32, f.bytes().length))));
            } catch (IOException e) {
                // the server closed (a message that ends the session, or a third client while it was busy)
                c.close();
                c = null;
            }
        }
        if (c != null) {
            c.close();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        LOG.info("{}: {} frames sent, {} answered, {} connections in {} ms", name, sent, answered, reconnects, ms);
        assertTrue(answered > frames / 2, name + ": only " + answered + " frames answered");
        assertEquals(0, tpm.badLocalities(), "a locality above 4 reached the TPM");
    }

    private static long usedHeapAfterGc(Runtime rt) throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    private byte[] random(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private static int dataPort(SwtpmServer s) {
        return ((TcpListener) s.dataListener()).port();
    }

    // ---- swtpm data channel ----

    private static final Reader TPM_RESPONSE = in -> {
        byte[] head = new byte[TpmWire.HEADER_SIZE];
        in.readFully(head);
        in.readFully(new byte[TpmWire.u32(head, 2) - TpmWire.HEADER_SIZE]);
    };

    private static final Reader PREFIXED_RESPONSE = in -> {
        int n = in.readInt();
        in.readFully(new byte[n + 4]);
    };

    private byte[] command(int size) {
        byte[] b = random(size);
        TpmWire.putU16(b, 0, rnd.nextBoolean() ? 0x8001 : rnd.nextInt(0x10000));
        TpmWire.putU32(b, 2, size);
        if (b[0] == 0 && b[1] == 0) {
            b[0] = (byte) 0x80;
        }
        return b;
    }

    private Frame dataFrame() {
        int kind = rnd.nextInt(100);
        if (kind < 35) {
            return new Frame(command(TpmWire.HEADER_SIZE + rnd.nextInt(rnd.nextBoolean() ? 64 : BUFFER - 9)),
                    After.ANSWER, TPM_RESPONSE);
        }
        if (kind < 45) {
            byte[] b = command(TpmWire.HEADER_SIZE);
            TpmWire.putU32(b, 2, rnd.nextInt(TpmWire.HEADER_SIZE));
            return new Frame(b, After.ANSWER, TPM_RESPONSE);
        }
        if (kind < 75) {
            byte[] cmd = command(TpmWire.HEADER_SIZE + rnd.nextInt(64));
            if (rnd.nextInt(4) == 0) {
                cmd = new byte[0];
            }
            ByteBuffer b = ByteBuffer.allocate(9 + cmd.length);
            b.putInt(8).put((byte) rnd.nextInt(256)).putInt(cmd.length).put(cmd);
            return new Frame(b.array(), After.ANSWER, PREFIXED_RESPONSE);
        }
        if (kind < 85) {
            return new Frame(random(1 + rnd.nextInt(64)), After.ABORT, null);
        }
        if (kind < 95) {
            byte[] full = command(TpmWire.HEADER_SIZE + 1 + rnd.nextInt(256));
            byte[] b = java.util.Arrays.copyOf(full, rnd.nextInt(full.length));
            return new Frame(b, After.ABORT, null);
        }
        byte[] b = command(TpmWire.HEADER_SIZE);
        TpmWire.putU32(b, 2, BUFFER + 10 + rnd.nextInt(Integer.MAX_VALUE - BUFFER - 10));
        if (rnd.nextInt(50) == 0) {
            // drained until the client is quiet for a moment, then answered from the header
            return new Frame(b, After.ANSWER, TPM_RESPONSE);
        }
        return new Frame(b, After.ABORT, null);
    }

    // ---- swtpm control channel ----

    private static final Reader ONE_CHUNK = in -> {
        if (in.read(new byte[64 * 1024]) < 0) {
            throw new IOException("closed");
        }
    };

    private Frame controlFrame() {
        int kind = rnd.nextInt(100);
        int code = kind < 50 ? 1 + rnd.nextInt(18) : rnd.nextInt(0x10000);
        if (kind < 50 && code == PtmCommand.SET_DATAFD.code()) {
            code = PtmCommand.GET_CONFIG.code();
        }
        PtmCommand known = null;
        for (PtmCommand p : PtmCommand.values()) {
            if (p.code() == code) {
                known = p;
            }
        }
        int need = known == null ? 0 : known.requestSize();
        int size = need + (rnd.nextInt(4) == 0 ? rnd.nextInt(64) : 0);
        byte[] body = random(size);
        if (known == PtmCommand.HASH_DATA) {
            TpmWire.putU32(body, 0, rnd.nextInt(8) == 0 ? 0x7f000000 + rnd.nextInt(1000) : size - 4);
        } else if (known == PtmCommand.SET_STATEBLOB) {
            body[4] = body[5] = body[6] = 0;
            body[7] = (byte) (1 + rnd.nextInt(3));
            TpmWire.putU32(body, 8, rnd.nextInt(8) == 0 ? 0x7f000000 : size - 12);
        }
        ByteBuffer b = ByteBuffer.allocate(4 + size).putInt(code).put(body);
        if (rnd.nextInt(20) == 0) {
            // stopped in the middle: cut short and reset
            return new Frame(java.util.Arrays.copyOf(b.array(), rnd.nextInt(4 + size)), After.ABORT, null);
        }
        boolean ends = known == PtmCommand.SHUTDOWN;
        return new Frame(b.array(), ends ? After.MAY_CLOSE : After.ANSWER, ONE_CHUNK);
    }

    // ---- mssim TPM socket ----

    private static Reader words(int n) {
        return in -> in.readFully(new byte[4 * n]);
    }

    private static final Reader SEND_COMMAND_RESPONSE = in -> {
        int n = in.readInt();
        in.readFully(new byte[n + 4]);
    };

    private Frame mssimFrame() {
        int kind = rnd.nextInt(100);
        if (kind < 55) {
            byte[] cmd = rnd.nextInt(10) == 0 ? random(rnd.nextInt(16)) : command(TpmWire.HEADER_SIZE + rnd.nextInt(200));
            int locality = rnd.nextInt(8) == 0 ? rnd.nextInt(256) : rnd.nextInt(5);
            ByteBuffer b = ByteBuffer.allocate(9 + cmd.length).putInt(8).put((byte) locality).putInt(cmd.length).put(cmd);
            return new Frame(b.array(), After.ANSWER, SEND_COMMAND_RESPONSE);
        }
        if (kind < 65) {
            // the size lies: more than follows (huge or not), then a reset
            ByteBuffer b = ByteBuffer.allocate(9 + 10).putInt(8).put((byte) rnd.nextInt(256))
                    .putInt(rnd.nextBoolean() ? 11 + rnd.nextInt(BUFFER) : 0x10000 + rnd.nextInt(Integer.MAX_VALUE - 0x10000))
                    .put(command(10));
            return new Frame(b.array(), After.ABORT, null);
        }
        if (kind < 72) {
            return new Frame(ByteBuffer.allocate(8).putInt(15).putInt(1 + rnd.nextInt(5)).array(), After.ANSWER, words(3));
        }
        if (kind < 80) {
            int n = rnd.nextInt(8) == 0 ? 0x10001 + rnd.nextInt(1 << 20) : rnd.nextInt(512);
            byte[] data = n > 0x10000 ? new byte[0] : random(n);
            ByteBuffer b = ByteBuffer.allocate(8 + data.length).putInt(6).putInt(n).put(data);
            return new Frame(b.array(), n > 0x10000 ? After.MAY_CLOSE : After.ANSWER,
                    n > 0x10000 ? in -> { } : words(1));
        }
        if (kind < 90) {
            int code = rnd.nextInt(25);
            boolean served = code == 5 || code == 7;
            boolean sendsCommand = code == 8 || code == 6 || code == 15;
            if (sendsCommand) {
                return new Frame(random(rnd.nextInt(6)), After.ABORT, null);
            }
            return new Frame(ByteBuffer.allocate(4).putInt(code).array(), served ? After.ANSWER : After.MAY_CLOSE,
                    words(1));
        }
        return new Frame(random(1 + rnd.nextInt(32)), After.ABORT, null);
    }

    // ---- mssim platform socket ----

    private Frame platformFrame() {
        int kind = rnd.nextInt(100);
        if (kind < 85) {
            int code = rnd.nextInt(100) < 90 ? rnd.nextInt(25) : rnd.nextInt();
            boolean acked = code >= 1 && code <= 4 || code >= 9 && code <= 14 || code == 17 || code == 18;
            return new Frame(ByteBuffer.allocate(4).putInt(code).array(), acked ? After.ANSWER : After.MAY_CLOSE,
                    words(1));
        }
        return new Frame(random(1 + rnd.nextInt(3)), After.ABORT, null);
    }

    // ---- the runs ----

    @Test
    void swtpmDataPort() throws Exception {
        run("swtpm data", dataPort(swtpm), FRAMES, this::dataFrame);
        try (RawClient d = new RawClient(dataPort(swtpm))) {
            assertEquals(14, d.send(TpmCommands.readClock()).readResponse().length() / 2);
        }
    }

    @Test
    void swtpmControlPort() throws Exception {
        int port = ((TcpListener) swtpm.controlListener()).port();
        run("swtpm control", port, FRAMES, this::controlFrame);
        try (RawClient c = new RawClient(port); RawClient d = new RawClient(dataPort(swtpm))) {
            assertEquals("000000000000ffff", c.call("00000001", 8));
            assertEquals("00000000", c.call("00000002 00000000", 4));
            assertEquals(14, d.send(TpmCommands.readClock()).readResponse().length() / 2);
        }
    }

    @Test
    void mssimTpmPort() throws Exception {
        int port = ((TcpListener) mssim.tpmListener()).port();
        run("mssim TPM", port, FRAMES, this::mssimFrame);
        int platform = ((TcpListener) mssim.platformListener()).port();
        try (RawClient p = new RawClient(platform); RawClient t = new RawClient(port)) {
            assertEquals("00000000", p.call("00000001", 4));
            byte[] cmd = TpmCommands.readClock();
            t.send(String.format("00000008 00 %08x", cmd.length)).send(cmd);
            assertEquals("0000000e", t.read(4));
            t.read(14);
            assertEquals("00000000", t.read(4));
        }
    }

    @Test
    void mssimPlatformPort() throws Exception {
        int platform = ((TcpListener) mssim.platformListener()).port();
        run("mssim platform", platform, FRAMES / 4, this::platformFrame);
        try (RawClient p = new RawClient(platform)) {
            assertEquals("00000000", p.call("00000001", 4));
            assertEquals("00000000", p.call("0000000b", 4));
        }
    }
}
