package io.jvtpm.engine.transport;

import io.jvtpm.engine.transport.net.Endpoint;
import io.jvtpm.engine.transport.net.TcpListener;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmWire;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cancel signals reach a command while it runs: swtpm's CMD_CANCEL_TPM_CMD on the control
 * channel and mssim's SIGNAL_CANCEL_ON on the platform socket, against a backend whose command
 * waits until it is cancelled and which, like the engine, holds its lock meanwhile.
 */
class CancelWhileRunningTest {
    private static final String CANCELED = RawClient.hex(TpmWire.errorResponse(TpmRc.CANCELED));

    /** A command that runs until cancel() (at most 20 s), then answers TPM_RC_CANCELED. */
    private static final class AwaitsCancelTpm extends QuietTpm {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch cancelled = new CountDownLatch(1);

        @Override
        protected byte[] answer(byte[] command) {
            started.countDown();
            try {
                if (cancelled.await(20, TimeUnit.SECONDS)) {
                    return TpmWire.errorResponse(TpmRc.CANCELED);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.answer(command);
        }

        @Override
        public void cancel() {
            super.cancel();
            cancelled.countDown();
        }
    }

    @Test
    void swtpmControlCancelReachesTheRunningCommand() throws Exception {
        AwaitsCancelTpm tpm = new AwaitsCancelTpm();
        try (SwtpmServer server = SwtpmServer.start(tpm, new SwtpmServer.Options(new Endpoint.Tcp("127.0.0.1", 0),
                new Endpoint.Tcp("127.0.0.1", 0), false, 2808, 4096));
             RawClient data = new RawClient(((TcpListener) server.dataListener()).port());
             RawClient ctrl = new RawClient(((TcpListener) server.controlListener()).port())) {
            CompletableFuture<String> response = CompletableFuture.supplyAsync(() -> {
                try {
                    return data.send(TpmCommands.getRandom(8)).readResponse();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertTrue(tpm.started.await(5, TimeUnit.SECONDS), "the command runs");
            assertEquals("00000000", ctrl.call("00000009", 4), "CMD_CANCEL_TPM_CMD answered while the command runs");
            assertEquals(CANCELED, response.get(5, TimeUnit.SECONDS));
            assertEquals(1, tpm.cancels());
        }
    }

    @Test
    void mssimCancelSignalReachesTheRunningCommand() throws Exception {
        AwaitsCancelTpm tpm = new AwaitsCancelTpm();
        try (MssimServer server = MssimServer.start(tpm, new Endpoint.Tcp("127.0.0.1", 0),
                new Endpoint.Tcp("127.0.0.1", 0), 4096);
             RawClient t = new RawClient(((TcpListener) server.tpmListener()).port());
             RawClient p = new RawClient(((TcpListener) server.platformListener()).port())) {
            byte[] cmd = TpmCommands.getRandom(8);
            t.send(String.format("00000008 00 %08x", cmd.length)).send(cmd);
            assertTrue(tpm.started.await(5, TimeUnit.SECONDS), "the command runs");
            assertEquals("00000000", p.call("00000009", 4), "SIGNAL_CANCEL_ON answered while the command runs");
            assertEquals(String.format("%08x", CANCELED.length() / 2) + CANCELED + "00000000",
                    t.read(4 + CANCELED.length() / 2 + 4));
            assertEquals(1, tpm.cancels());
        }
    }
}
