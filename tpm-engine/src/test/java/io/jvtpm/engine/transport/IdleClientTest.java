package io.jvtpm.engine.transport;

import io.jvtpm.engine.transport.net.Endpoint;
import io.jvtpm.engine.transport.net.TcpListener;
import io.jvtpm.engine.wire.TpmCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One client per listener, and what happens to the others ({@link SocketServer}): an idle client
 * gives its slot to a waiting one, a waiting client is closed when it cannot get the slot in
 * time or a newer client takes its place, and a client stalled mid-message is bounded by its protocol,
 * on each of swtpm's data and control ports and mssim's TPM and platform ports.
 */
class IdleClientTest {
    private static final Duration IDLE = Duration.ofMillis(400);
    /** Scheduling slack on a loaded 2-core machine. */
    private static final long SLACK_MILLIS = 1500;

    /** A listener of the two servers and one well-behaved exchange on it. */
    enum Port {
        SWTPM_DATA {
            @Override
            void exchange(RawClient c) throws IOException {
                assertEquals(14, c.send(TpmCommands.readClock()).readResponse().length() / 2);
            }

            @Override
            String partial() {
                return "80010000";
            }
        },
        SWTPM_CONTROL {
            @Override
            void exchange(RawClient c) throws IOException {
                assertEquals("000000000000ffff", c.call("00000001", 8));
            }

            @Override
            String partial() {
                return "0000";
            }
        },
        MSSIM_TPM {
            @Override
            void exchange(RawClient c) throws IOException {
                assertEquals("00000001" + "0000000d" + "00000000", c.call("0000000f 00000001", 12));
            }

            @Override
            String partial() {
                return "00000008 00 0000";
            }
        },
        MSSIM_PLATFORM {
            @Override
            void exchange(RawClient c) throws IOException {
                assertEquals("00000000", c.call("0000000b", 4));
            }

            @Override
            String partial() {
                return "0000";
            }
        };

        abstract void exchange(RawClient c) throws IOException;

        /** The start of a message that never completes. */
        abstract String partial();
    }

    private SwtpmServer swtpm;
    private MssimServer mssim;

    private int start(Port port, Duration idle) throws IOException {
        QuietTpm tpm = new QuietTpm();
        Endpoint any = new Endpoint.Tcp("127.0.0.1", 0);
        if (port == Port.SWTPM_DATA || port == Port.SWTPM_CONTROL) {
            swtpm = SwtpmServer.start(tpm, new SwtpmServer.Options(any, any, false, 2808, 4096, idle));
            return ((TcpListener) (port == Port.SWTPM_DATA ? swtpm.dataListener() : swtpm.controlListener())).port();
        }
        mssim = MssimServer.start(tpm, any, any, 4096, idle);
        return ((TcpListener) (port == Port.MSSIM_TPM ? mssim.tpmListener() : mssim.platformListener())).port();
    }

    @AfterEach
    void stop() {
        if (swtpm != null) {
            swtpm.close();
        }
        if (mssim != null) {
            mssim.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Port.class)
    void idleClientGivesItsSlotToAWaitingOne(Port port) throws Exception {
        int p = start(port, IDLE);
        try (RawClient holder = new RawClient(p)) {
            port.exchange(holder);
            try (RawClient waiting = new RawClient(p)) {
                long t0 = System.nanoTime();
                port.exchange(waiting);
                long millis = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(millis < IDLE.toMillis() + SLACK_MILLIS, "served after " + millis + " ms");
                assertTrue(holder.closedByPeer(1000), "the idle holder was closed");
                port.exchange(waiting);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Port.class)
    void idleClientWithNobodyWaitingKeepsItsSlot(Port port) throws Exception {
        int p = start(port, IDLE);
        try (RawClient holder = new RawClient(p)) {
            port.exchange(holder);
            assertFalse(holder.closedByPeer((int) IDLE.toMillis() * 4), "still connected");
            port.exchange(holder);
        }
    }

    @ParameterizedTest
    @EnumSource(Port.class)
    void waitingClientIsClosedWhenTheHolderStaysBusy(Port port) throws Exception {
        int p = start(port, IDLE);
        try (RawClient holder = new RawClient(p); RawClient waiting = new RawClient(p)) {
            long t0 = System.nanoTime();
            boolean closed = false;
            while (!closed && System.nanoTime() - t0 < (IDLE.toMillis() * 3 + SLACK_MILLIS) * 1_000_000L) {
                port.exchange(holder);
                closed = waiting.closedByPeer(50);
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(closed, "the waiting client was closed");
            assertTrue(millis >= IDLE.toMillis(), "not before the idle bound: " + millis + " ms");
            port.exchange(holder);
        }
    }

    @ParameterizedTest
    @EnumSource(Port.class)
    void newerClientDisplacesTheWaitingOne(Port port) throws Exception {
        int p = start(port, Duration.ofSeconds(30));
        try (RawClient holder = new RawClient(p); RawClient waiting = new RawClient(p)) {
            port.exchange(holder);
            Thread.sleep(300);
            try (RawClient newer = new RawClient(p)) {
                assertTrue(waiting.closedByPeer(1000), "the displaced client is told at once");
                assertFalse(newer.closedByPeer(200), "the newer one waits");
                port.exchange(holder);
                holder.close();
                port.exchange(newer);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Port.class)
    void waitingClientThatGaveUpDoesNotTurnTheNextAway(Port port) throws Exception {
        int p = start(port, Duration.ofSeconds(30));
        try (RawClient holder = new RawClient(p)) {
            port.exchange(holder);
            new RawClient(p).close();
            Thread.sleep(300);
            try (RawClient next = new RawClient(p)) {
                assertFalse(next.closedByPeer(500), "the next client waits in the place of the one gone");
                holder.close();
                port.exchange(next);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Port.class)
    void withoutABoundNewcomersWaitInTheBacklog(Port port) throws Exception {
        int p = start(port, Duration.ZERO);
        RawClient holder = new RawClient(p);
        port.exchange(holder);
        try (RawClient waiting = new RawClient(p)) {
            AtomicBoolean served = new AtomicBoolean();
            Thread t = new Thread(() -> {
                try {
                    port.exchange(waiting);
                    served.set(true);
                } catch (IOException | AssertionError e) {
                    // served stays false
                }
            });
            t.start();
            t.join(IDLE.toMillis() * 3);
            assertTrue(t.isAlive(), "no answer while the idle holder keeps the slot");
            port.exchange(holder);
            holder.close();
            t.join(5000);
            assertTrue(served.get(), "served once the holder left");
        } finally {
            holder.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Port.class)
    void clientStalledMidMessageFreesTheSlot(Port port) throws Exception {
        int p = start(port, IDLE);
        try (RawClient stalled = new RawClient(p)) {
            stalled.send(port.partial());
            try (RawClient next = new RawClient(p)) {
                long t0 = System.nanoTime();
                port.exchange(next);
                long millis = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(millis < 500 + IDLE.toMillis() + SLACK_MILLIS, "served after " + millis + " ms");
            }
        }
    }

    @Test
    void controlBlobTrickledByteByByteIsCutOff() throws Exception {
        int p = start(Port.SWTPM_CONTROL, IDLE);
        try (RawClient c = new RawClient(p)) {
            // CMD_SET_STATEBLOB announcing 1 MB, then one byte every 100 ms
            c.send("0000000d 00000000 00000001 00100000");
            long t0 = System.nanoTime();
            boolean closed = false;
            while (!closed && System.nanoTime() - t0 < 5_000_000_000L) {
                try {
                    c.send("4a");
                } catch (IOException e) {
                    closed = true;
                    break;
                }
                closed = c.closedByPeer(100);
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(closed, "the trickling client is closed");
            assertTrue(millis < 500 + 1_100 + SLACK_MILLIS, "after " + millis + " ms");
        }
    }

    @Test
    void oversizedDataFrameTrickledIsAnsweredWithinTheFrameDeadline() throws Exception {
        int p = start(Port.SWTPM_DATA, IDLE);
        try (RawClient c = new RawClient(p)) {
            c.send("8001 7fffffff 0000017b");
            long t0 = System.nanoTime();
            Thread drip = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        c.send("00");
                        Thread.sleep(20);
                    }
                } catch (IOException | InterruptedException e) {
                    // the test is over
                }
            });
            drip.start();
            try {
                assertEquals(14, c.readResponse().length() / 2);
            } finally {
                drip.interrupt();
                drip.join();
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(millis < 500 + SLACK_MILLIS, "answered after " + millis + " ms");
        }
    }
}
