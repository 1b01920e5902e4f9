package io.jvtpm.examples.boot.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.PcrReadResult;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmResponse;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** MeasuredBoot against the project's own engine: its PCRs (read with TPM2_PCR_Read) equal the log's replay. */
class MeasuredBootEngineTest {

    /** TPM2_PCR_Read of one PCR in one bank (TPM 2.0 Library Part 3 section 22.4). */
    private static byte[] pcrRead(TpmBackend tpm, HashAlgorithm bank, int pcr) {
        TpmResponse rsp = TpmResponse.parse(tpm.execute(0, TpmCommands.pcrRead(bank, pcr)));
        assertEquals(0, rsp.rc(), "PCR_Read rc");
        PcrReadResult read = rsp.pcrRead();
        assertEquals(1, read.values().size(), "one digest");
        return read.values().get(0);
    }

    @Test
    void engineHoldsWhatTheLogReplays() throws MeasurementException {
        try (InProcessBackend tpm = InProcessBackend.inMemory(7)) {
            tpm.init();
            MeasuredBoot mb = MeasuredBoot.start(tpm, 0x10000);
            byte[] kernel = "a kernel".getBytes(StandardCharsets.US_ASCII);
            mb.measureDirectBoot("jvtpm 0.1.0", kernel, "console=ttyS0", new byte[] {1, 2, 3});
            EventLog log = mb.log();
            assertTrue(log.banks().contains(HashAlgorithm.SHA256));
            assertEquals(1 + 1 + 8 + 1 + 1, log.events().size());
            for (HashAlgorithm bank : log.banks()) {
                for (int pcr : List.of(0, 1, 4, 7, 8, 9, 10)) {
                    assertEquals(HexFormat.of().formatHex(log.replay(bank, pcr)),
                            HexFormat.of().formatHex(pcrRead(tpm, bank, pcr)), bank + " PCR " + pcr);
                }
            }
        }
    }

    @Test
    void aSecondStartupIsAccepted() throws MeasurementException {
        try (InProcessBackend tpm = InProcessBackend.inMemory(8)) {
            tpm.init();
            MeasuredBoot.start(tpm, 4096);
            MeasuredBoot again = MeasuredBoot.start(tpm, 4096);
            again.measure(10, TcgEventType.EV_ACTION, new byte[] {1}, new byte[] {1});
        }
    }

    @Test
    void aFullLogIsAnErrorBeforeTheTpmIsTouched() throws MeasurementException {
        try (InProcessBackend tpm = InProcessBackend.inMemory(9)) {
            tpm.init();
            MeasuredBoot mb = MeasuredBoot.start(tpm, 200);
            MeasurementException e = assertThrows(MeasurementException.class,
                    () -> mb.measure(8, TcgEventType.EV_IPL, new byte[1], new byte[100]));
            assertTrue(e.getMessage().contains("full"), e.getMessage());
            assertEquals(HexFormat.of().formatHex(new byte[32]), HexFormat.of().formatHex(pcrRead(tpm, HashAlgorithm.SHA256, 8)));
        }
    }
}
