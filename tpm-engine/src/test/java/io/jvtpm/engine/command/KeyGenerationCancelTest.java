package io.jvtpm.engine.command;

import static io.jvtpm.engine.TpmTestSupport.hex;
import static io.jvtpm.engine.TpmTestSupport.rc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmWriter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's cancel line during key generation (TPM 2.0 Library Part 3, 5.2 and the
 * reference platform's _plat__IsCanceled / _plat__SetCancel / _plat__ClearCancel): a cancel that
 * arrives while an RSA CreatePrimary searches for primes ends it with TPM_RC_CANCELED, the next
 * command runs normally, and a cancel that arrives between commands cancels nothing.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KeyGenerationCancelTest {
    private static final Logger LOG = LoggerFactory.getLogger(KeyGenerationCancelTest.class);

    /** An RSA signing key template of {@code bits} with a {@code unique} of one byte, so each is a new key. */
    static byte[] rsaTemplate(int bits, int unique) {
        TpmWriter w = new TpmWriter(64);
        w.u16(0x0001).u16(0x000B).u32(0x00040072).u16(0);
        w.u16(0x0010).u16(0x0010).u16(bits).u32(0).tpm2b(new byte[] {(byte) unique});
        return w.toByteArray();
    }

    static byte[] createPrimary(byte[] template) {
        return CommandBuilder.of(TpmCc.CREATE_PRIMARY).handle(TpmRh.OWNER).emptyPassword()
                .u16(4).u16(0).u16(0).tpm2b(template).u16(0).u32(0).build();
    }

    /** Runs {@code command} on another thread and raises the cancel line every millisecond until it answers. */
    private static byte[] cancelWhileRunning(InProcessBackend tpm, byte[] command) throws Exception {
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<byte[]> answer = runner.submit(() -> tpm.execute(0, command));
            long start = System.nanoTime();
            while (!answer.isDone()) {
                tpm.cancel();
                Thread.sleep(1);
            }
            byte[] r = answer.get();
            LOG.info("CreatePrimary answered 0x{} {} ms after the first cancel", Integer.toHexString(rc(r)),
                    (System.nanoTime() - start) / 1_000_000);
            return r;
        } finally {
            runner.shutdown();
            assertTrue(runner.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void cancelEndsARunningRsaCreatePrimaryAndTheNextCommandRuns() throws Exception {
        try (InProcessBackend tpm = TpmTestSupport.started(31)) {
            for (int bits : new int[] {2048, 3072}) {
                byte[] r = cancelWhileRunning(tpm, createPrimary(rsaTemplate(bits, bits / 1024)));
                assertEquals(TpmRc.CANCELED.value(), rc(r), () -> bits + " bits: " + hex(r));
                assertEquals(0, rc(tpm.execute(0, TpmCommands.getRandom(8))));
            }
            // the same key, asked again without a cancel, is made
            byte[] made = tpm.execute(0, createPrimary(rsaTemplate(2048, 2)));
            assertEquals(0, rc(made), () -> hex(made));
        }
    }

    @Test
    void aCancelBetweenCommandsCancelsNothing() {
        try (InProcessBackend tpm = TpmTestSupport.started(32)) {
            tpm.cancel();
            byte[] made = tpm.execute(0, createPrimary(rsaTemplate(2048, 7)));
            assertEquals(0, rc(made), () -> hex(made));
            tpm.cancel();
            assertEquals(0, rc(tpm.execute(0, TpmCommands.getRandom(8))));
            byte[] again = tpm.execute(0, createPrimary(rsaTemplate(2048, 8)));
            assertEquals(0, rc(again), () -> hex(again));
        }
    }
}
