package io.jvtpm.engine.ptp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.TpmBackendException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tpmEstablishment flag: read from the TPM, reset from localities 3 and 4 only, kept when the TPM cannot tell. */
class EstablishmentFlagTest {

    /** A TPM whose flag the test sets, and which can be made to fail either call. */
    static final class FlagBackend extends GatedBackend {
        volatile boolean flag;
        volatile boolean failRead;
        volatile boolean failReset;
        final List<Integer> resets = new ArrayList<>();

        @Override
        public boolean isEstablished() {
            if (failRead) {
                throw new TpmBackendException("no answer");
            }
            return flag;
        }

        @Override
        public void resetEstablished(int locality) {
            resets.add(locality);
            if (failReset) {
                throw new TpmBackendException("no reset");
            }
            flag = false;
        }
    }

    private final FlagBackend tpm = new FlagBackend();

    @Test
    void readsTheFlagAtConstructionAndOnRefresh() {
        tpm.flag = true;
        EstablishmentFlag flag = new EstablishmentFlag(tpm);
        assertTrue(flag.established());
        tpm.flag = false;
        assertTrue(flag.established(), "not read again until refreshed");
        assertFalse(flag.refresh());
        assertFalse(flag.established());
    }

    @Test
    void onlyLocalitiesThreeAndFourReset() {
        for (int locality = 0; locality < 5; locality++) {
            tpm.flag = true;
            EstablishmentFlag flag = new EstablishmentFlag(tpm);
            boolean may = locality == 3 || locality == 4;
            assertEquals(may, EstablishmentFlag.mayReset(locality));
            assertEquals(may, flag.resetBy(locality), "locality " + locality);
            assertEquals(!may, flag.established(), "locality " + locality);
        }
        assertEquals(List.of(3, 4), tpm.resets, "the backend never hears a reset from a lower locality");
    }

    @Test
    void aFlagTheTpmCannotTellKeepsItsLastValue() {
        EstablishmentFlag unknown;
        tpm.failRead = true;
        unknown = new EstablishmentFlag(tpm);
        assertFalse(unknown.established(), "before any answer: not established");

        tpm.failRead = false;
        tpm.flag = true;
        EstablishmentFlag flag = new EstablishmentFlag(tpm);
        tpm.failRead = true;
        assertTrue(flag.refresh(), "kept");
        assertFalse(flag.resetBy(3), "a reset whose result cannot be read is not reported as a clear");
        assertTrue(flag.established(), "kept");
    }

    @Test
    void aFailedResetIsNotAClearButTheFlagIsReadAgain() {
        tpm.flag = true;
        EstablishmentFlag flag = new EstablishmentFlag(tpm);
        tpm.failReset = true;
        tpm.flag = false;   // cleared behind the device's back
        assertFalse(flag.resetBy(4));
        assertFalse(flag.established(), "read again after the failed reset");
    }
}
