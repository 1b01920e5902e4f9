package io.jvtpm.engine.command;

import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.object.ObjectState;
import io.jvtpm.engine.wire.TpmRh;

/**
 * Primary seed changes (TPM 2.0 Library Part 3, 24.5 ChangePPS and 24.6 ChangeEPS): a new seed
 * and proof, the hierarchy's authValue emptied, its objects flushed and its persistent objects
 * evicted, so every primary key of the hierarchy changes.
 */
final class SeedCommands {
    private SeedCommands() {
    }

    static void changeEps(Command c) {
        c.endParameters();
        change(c.tpm(), TpmRh.ENDORSEMENT.value());
    }

    static void changePps(Command c) {
        c.endParameters();
        change(c.tpm(), TpmRh.PLATFORM.value());
    }

    private static void change(TpmEngine tpm, int hierarchy) {
        byte[] seed = new byte[ObjectState.SEED_SIZE];
        byte[] proof = new byte[ObjectState.SEED_SIZE];
        tpm.random(seed, 0, seed.length);
        tpm.random(proof, 0, proof.length);
        ObjectState s = tpm.objectState();
        if (hierarchy == TpmRh.ENDORSEMENT.value()) {
            s.changeEndorsement(seed);
        } else {
            s.changePlatform(seed);
        }
        s.primaryCache().clear();
        tpm.hierarchies().changeProof(hierarchy, proof);
        if (hierarchy == TpmRh.ENDORSEMENT.value()) {
            tpm.hierarchies().setAuthValue(hierarchy, new byte[0]);
        }
        tpm.flushHierarchy(hierarchy);
        tpm.permanentChanged();
    }
}
