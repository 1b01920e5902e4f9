package io.jvtpm.ppi.exec;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.ppi.testutil.SwtpmClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
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

    @Override
    protected TpmBackend tpm() {
        return tpm;
    }
}
