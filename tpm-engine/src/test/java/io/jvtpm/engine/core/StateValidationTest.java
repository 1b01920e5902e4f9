package io.jvtpm.engine.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.TpmStateException;
import io.jvtpm.engine.nv.StateFile;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.nv.index.NvBudget;
import io.jvtpm.engine.object.ObjectState;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Values out of range in a permanent state whose checksum is right (written so, or forged) are
 * refused by name: proofs and seeds of another size, persistent objects outside the persistent
 * range or beyond the slots.
 */
class StateValidationTest {
    private static final int SRK = 0x81000001;

    private static PermanentState fixture() throws IOException {
        try (InputStream in = StateValidationTest.class.getResourceAsStream("/state/v2/permanent.state")) {
            byte[] payload = StateFile.open(StateFile.Kind.PERMANENT, in.readAllBytes(), "fixture");
            return StateCodec.decodePermanent(payload, "fixture", out -> {
                throw new AssertionError("a version 2 state needs no entropy");
            });
        }
    }

    /** The message of decoding the fixture after {@code change}. */
    private static String refused(Consumer<PermanentState> change) throws IOException {
        PermanentState s = fixture();
        change.accept(s);
        byte[] payload = StateCodec.encodePermanent(s);
        return assertThrows(TpmStateException.class, () -> StateCodec.decodePermanent(payload, "p.state", out -> {
        })).getMessage();
    }

    @Test
    void aProofOfAnotherSizeIsRefused() throws IOException {
        String m = refused(s -> s.hierarchies().ownerProof = new byte[32]);
        assertTrue(m.equals("state file p.state: ownerProof of 32 bytes, expected 64"), m);
    }

    @Test
    void aPersistentObjectOutsideThePersistentRangeIsRefused() throws IOException {
        String m = refused(s -> move(s.objectState(), SRK, 0x80000001));
        assertTrue(m.contains("persistent object 0x80000001") && m.contains("out of range"), m);
    }

    @Test
    void morePersistentObjectsThanNvHoldsAreRefused() throws IOException {
        String m = refused(s -> {
            LoadedObject o = s.objectState().persistent(SRK);
            for (int i = 0; i < NvBudget.MAX_PERSISTENT_OBJECTS; i++) {
                s.objectState().addPersistent(SRK + 1 + i, o);
            }
        });
        assertTrue(m.contains("more than NV holds (" + NvBudget.MAX_PERSISTENT_OBJECTS + ")"), m);
    }

    private static void move(ObjectState os, int from, int to) {
        LoadedObject o = os.persistent(from);
        os.removePersistent(from);
        os.addPersistent(to, o);
    }
}
