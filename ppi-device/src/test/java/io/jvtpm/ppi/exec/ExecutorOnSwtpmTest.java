package io.jvtpm.ppi.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.ppi.testutil.SwtpmClient;
import io.jvtpm.ppi.testutil.TpmProbe;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor against a real swtpm (libtpms) over its TCP data and control channels. */
@Tag("peer")
class ExecutorOnSwtpmTest extends ExecutorOnRealTpmContract {

    @TempDir
    Path state;

    private SwtpmClient tpm;

    @BeforeEach
    void powerOn() throws Exception {
        tpm = SwtpmClient.start(state);
    }

    @AfterEach
    void powerOff() {
        if (tpm != null) {
            tpm.close();
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
