package io.jvtpm.engine.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.platform.SeededEntropy;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import org.junit.jupiter.api.Test;

/** The transient object slots and the random pool on their own. */
class TransientObjectsTest {
    private TransientObject.Sequence sequence() {
        return new TransientObject.Sequence(new HashSequence(null, new byte[] {1}));
    }

    @Test
    void slotsFillInOrderAndRunOut() {
        TransientObjects slots = new TransientObjects();
        TransientObject.Sequence first = sequence();
        assertEquals(0x80000000, slots.load(first));
        assertEquals(0x80000001, slots.load(sequence()));
        assertEquals(0x80000002, slots.load(sequence()));
        TpmRcException full = assertThrows(TpmRcException.class, () -> slots.load(sequence()));
        assertEquals(TpmRc.OBJECT_MEMORY.value(), full.rc());
        assertTrue(slots.flush(0x80000001));
        assertFalse(slots.flush(0x80000001));
        assertFalse(slots.flush(0x80000003), "outside the slots");
        assertArrayEquals(new int[] {0x80000000, 0x80000002}, slots.handles());
        assertEquals(0x80000001, slots.load(sequence()), "the free slot is reused");
        assertSame(first.sequence(), slots.sequence(0x80000000));
        assertNull(slots.key(0x80000000), "a sequence is no key");
        assertArrayEquals(new byte[] {1}, slots.get(0x80000000).authValue());
        assertNull(slots.get(0x7FFFFFFF));
        slots.clear();
        assertEquals(0, slots.handles().length);
    }

    @Test
    void randomPoolHandsOutOneStreamHoweverItIsAsked() {
        RandomPool a = new RandomPool(new SeededEntropy(1), new byte[96]);
        RandomPool b = new RandomPool(new SeededEntropy(1), new byte[96]);
        byte[] whole = a.bytes(3000);
        byte[] pieces = new byte[3000];
        for (int off = 0; off < pieces.length; off += 7) {
            b.random(pieces, off, Math.min(7, pieces.length - off));
        }
        assertArrayEquals(whole, pieces);
        a.stir(new byte[] {1});
        b.stir(new byte[] {2});
        assertFalse(java.util.Arrays.equals(a.bytes(32), b.bytes(32)), "stirring changes what follows");
    }
}
