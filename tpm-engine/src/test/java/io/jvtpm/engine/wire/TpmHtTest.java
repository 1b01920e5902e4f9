package io.jvtpm.engine.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Handle types by their most significant octet (TPM 2.0 Library Part 2, 7.2). */
class TpmHtTest {

    @Test
    void typeOfAHandle() {
        assertEquals(TpmHt.PCR, TpmHt.of(23));
        assertEquals(TpmHt.NV_INDEX, TpmHt.of(0x0150_0001));
        assertEquals(TpmHt.PERMANENT, TpmHt.of(TpmRh.PLATFORM.value()));
        assertEquals(TpmHt.TRANSIENT, TpmHt.of(0x8000_0002));
        assertEquals(TpmHt.PERSISTENT, TpmHt.of(0x8100_0001));
        assertNull(TpmHt.of(0x0400_0000), "an undefined type");
        assertTrue(TpmHt.POLICY_SESSION.matches(0x0300_0001));
        assertFalse(TpmHt.HMAC_SESSION.matches(0x0300_0001));
        assertEquals(0x8100_0000, TpmHt.PERSISTENT.first());
    }

    @Test
    void permanentHandleByValue() {
        assertEquals(TpmRh.PLATFORM, TpmRh.of(0x4000_000C));
        assertEquals(TpmRh.OWNER, TpmRh.of(0x4000_0001));
        assertNull(TpmRh.of(0x4000_0000), "TPM_RH_SRK, not one of these");
        assertNull(TpmRh.of(0x4000_000E));
        assertNull(TpmRh.of(0x3FFF_FFFF));
        assertNull(TpmRh.of(0x8000_0001));
    }

    @Test
    void aReportedSelectionMustHaveThreeOctets() {
        byte[] four = {0, 0, 0, 1, 0x00, 0x12, 4, 1, 2, 3, 4};
        TpmReader r = new TpmReader(four, 0, four.length);
        assertEquals(TpmRc.VALUE.value(), assertThrows(TpmRcException.class,
                () -> PcrSelection.readReported(r)).rc());
        byte[] sm3 = {0, 0, 0, 1, 0x00, 0x12, 3, 1, 0, 0};
        assertEquals(new PcrSelection(TpmAlgId.SM3_256.value(), 1),
                PcrSelection.readReported(new TpmReader(sm3, 0, sm3.length)).get(0));
        assertNull(new PcrSelection(TpmAlgId.SM3_256.value(), 1).hash(), "a bank this engine does not implement");
    }
}
