package io.jvtpm.engine.command;

import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.Structures;
import io.jvtpm.engine.wire.TpmWriter;

/** TPM2_GetRandom and TPM2_StirRandom (TPM 2.0 Library Part 3, 16.1 and 16.2). */
final class RandomCommands {
    private RandomCommands() {
    }

    static void getRandom(Command c) {
        int n = c.in().u16();
        c.endParameters();
        // the answer is at most one TPMU_HA: the largest digest
        if (n > HashAlgorithm.MAX_DIGEST) {
            n = HashAlgorithm.MAX_DIGEST;
        }
        TpmWriter w = c.out();
        w.u16(n);
        int at = w.reserve(n);
        c.tpm().random(w.array(), at, n);
    }

    static void stirRandom(Command c) {
        byte[] data = c.in().tpm2b(Structures.MAX_SYM_DATA);
        c.endParameters();
        c.tpm().stir(data);
    }
}
