package io.jvtpm.engine.command;

import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmSu;

/** TPM2_Startup and TPM2_Shutdown (TPM 2.0 Library Part 3, 9.3 and 9.4). */
final class StartupCommands {
    private StartupCommands() {
    }

    static void startup(Command c) {
        TpmSu su = readSu(c);
        c.endParameters();
        c.tpm().startup(su, c.locality());
    }

    static void shutdown(Command c) {
        TpmSu su = readSu(c);
        c.endParameters();
        c.tpm().shutdown(su);
    }

    private static TpmSu readSu(Command c) {
        TpmSu su = TpmSu.of(c.in().u16());
        if (su == null) {
            throw c.in().fail(TpmRc.VALUE);
        }
        return su;
    }
}
