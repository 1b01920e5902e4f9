package io.jvtpm.ppi.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.testing.Swtpm;
import io.jvtpm.engine.transport.SwtpmClientBackend;
import io.jvtpm.ppi.testutil.TpmProbe;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor against a real swtpm (libtpms) over its data and control channels. */
@Tag("peer")
class ExecutorOnSwtpmTest extends ExecutorOnRealTpmContract {

    @TempDir
    Path state;

    private Swtpm swtpm;
    private SwtpmClientBackend tpm;

    @BeforeEach
    void powerOn() throws Exception {
        swtpm = Swtpm.start(state, Swtpm.Power.INITIALIZED);
        tpm = swtpm.connect();
    }

    @AfterEach
    void powerOff() {
        if (tpm != null) {
            tpm.close();
        }
        if (swtpm != null) {
            swtpm.close();
        }
    }

    /** libtpms implements NV indexes, so the clear test checks owner NV state here. */
    @Test
    void theClearTestCoversOwnerNvIndexes() {
        TpmProbe probe = new TpmProbe(tpm);
        assertEquals(0, probe.startup());
        assertTrue(probe.supportsCommand(0x12A));
        assertTrue(probe.supportsCommand(0x124), "and ChangeEPS");
    }

    @Override
    protected TpmBackend tpm() {
        return tpm;
    }
}
