package io.jvtpm.ppi.exec;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The executor against jvtpm's in-process TPM 2.0 engine. */
class ExecutorOnEngineTest extends ExecutorOnRealTpmContract {

    private InProcessBackend tpm;

    @BeforeEach
    void powerOn() {
        tpm = InProcessBackend.inMemory(42);
        tpm.init();
    }

    @AfterEach
    void powerOff() {
        tpm.close();
    }

    @Override
    protected TpmBackend tpm() {
        return tpm;
    }
}
