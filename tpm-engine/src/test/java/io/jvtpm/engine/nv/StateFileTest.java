package io.jvtpm.engine.nv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.TpmStateException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The state file envelope: every single-bit change and every truncation is detected. */
class StateFileTest {
    @Test
    void roundTrip() {
        byte[] payload = {1, 2, 3, 4, 5};
        assertArrayEquals(payload, StateFile.open(StateFile.Kind.VOLATILE,
                StateFile.seal(StateFile.Kind.VOLATILE, payload), "x"));
    }

    @Test
    void everyBitFlipAndTruncationIsCaught() {
        byte[] f = StateFile.seal(StateFile.Kind.PERMANENT, new byte[40]);
        for (int i = 0; i < f.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] c = f.clone();
                c[i] ^= (byte) (1 << bit);
                assertThrows(TpmStateException.class, () -> StateFile.open(StateFile.Kind.PERMANENT, c, "f"));
            }
        }
        for (int n = 0; n < f.length; n++) {
            byte[] c = Arrays.copyOf(f, n);
            assertThrows(TpmStateException.class, () -> StateFile.open(StateFile.Kind.PERMANENT, c, "f"));
        }
    }

    @Test
    void kindIsChecked() {
        byte[] f = StateFile.seal(StateFile.Kind.SAVESTATE, new byte[3]);
        TpmStateException e = assertThrows(TpmStateException.class,
                () -> StateFile.open(StateFile.Kind.PERMANENT, f, "the-file"));
        assertTrue(e.getMessage().contains("the-file"));
    }
}
