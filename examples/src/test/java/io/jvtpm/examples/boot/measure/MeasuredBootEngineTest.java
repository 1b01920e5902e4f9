package io.jvtpm.examples.boot.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmBackend;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** MeasuredBoot against the project's own engine: its PCRs (read with TPM2_PCR_Read) equal the log's replay. */
class MeasuredBootEngineTest {

    /** TPM2_PCR_Read of one PCR in one bank (TPM 2.0 Library Part 3 section 22.4). */
    private static byte[] pcrRead(TpmBackend tpm, HashAlgorithm bank, int pcr) {
        ByteBuffer c = ByteBuffer.allocate(10 + 4 + 2 + 1 + 3);
        c.putShort((short) 0x8001).putInt(20).putInt(0x17E).putInt(1).putShort((short) bank.algId()).put((byte) 3);
        byte[] select = new byte[3];
        select[pcr / 8] = (byte) (1 << (pcr % 8));
        c.put(select);
        byte[] rsp = tpm.execute(0, c.array());
        assertEquals(0, TpmCommands.responseCode(rsp), "PCR_Read rc");
        ByteBuffer r = ByteBuffer.wrap(rsp);
        r.position(10 + 4);
        int selections = r.getInt();
        for (int i = 0; i < selections; i++) {
            r.getShort();
            int sizeOfSelect = r.get() & 0xFF;
            r.position(r.position() + sizeOfSelect);
        }
        assertEquals(1, r.getInt(), "one digest");
        byte[] d = new byte[r.getShort()];
        r.get(d);
        return d;
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
