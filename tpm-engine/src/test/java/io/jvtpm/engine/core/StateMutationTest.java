package io.jvtpm.engine.core;

import static io.jvtpm.engine.TpmTestSupport.ok;
import static io.jvtpm.engine.TpmTestSupport.rc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmStateException;
import io.jvtpm.engine.nv.StateFile;
import io.jvtpm.engine.object.ObjectState;
import io.jvtpm.engine.platform.MemoryNvStore;
import io.jvtpm.engine.platform.Platform;
import io.jvtpm.engine.platform.PlatformClock;
import io.jvtpm.engine.platform.PlatformSignals;
import io.jvtpm.engine.platform.SeededEntropy;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmCap;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWriter;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 100,000 mutated state files (byte flips, boundary values, truncations, extensions, inserts and
 * cuts of the payload or the envelope, each with its checksum recomputed so that the parser is
 * reached): each loads as the TPM it describes or is refused with a {@link TpmStateException}
 * naming the file; never another exception, never a new TPM, and a TPM that loaded answers
 * without failure mode. {@code -Djvtpm.stateMutations=N} changes the count.
 */
class StateMutationTest {
    private static final int MUTATIONS = Integer.getInteger("jvtpm.stateMutations", 100_000);
    private static final int OWNER_PERSISTENT = 0x81000001;
    private static final int PLATFORM_PERSISTENT = 0x81800001;
    private static final int TRAILER = 32;

    /** The state files of a TPM with persistent objects after STORE_VOLATILE and Shutdown(STATE). */
    private static final Map<StateFile.Kind, byte[]> BASE = new EnumMap<>(StateFile.Kind.class);

    @BeforeAll
    static void makeBaseState() {
        MemoryNvStore nv = new MemoryNvStore();
        try (InProcessBackend t = backend(nv)) {
            t.init();
            ok(t, TpmCommands.startup(TpmSu.CLEAR));
            persist(t, TpmRh.OWNER, TpmRh.OWNER, OWNER_PERSISTENT);
            persist(t, TpmRh.PLATFORM, TpmRh.PLATFORM, PLATFORM_PERSISTENT);
            ok(t, TpmCommands.hierarchyChangeAuth(TpmRh.ENDORSEMENT, new byte[0], new byte[] {'e'}));
            ok(t, io.jvtpm.engine.TpmTestSupport.extendSha256(16, 0x5A));
            t.storeVolatile();
            ok(t, TpmCommands.shutdown(TpmSu.STATE));
        }
        for (StateFile.Kind k : StateFile.Kind.values()) {
            BASE.put(k, nv.load(k.fileName()));
        }
    }

    private static InProcessBackend backend(MemoryNvStore nv) {
        return InProcessBackend.onPlatform(new Platform(new SeededEntropy(7), PlatformClock.system(), nv,
                new PlatformSignals()));
    }

    /** An ECC P-256 restricted decryption key (TPMT_PUBLIC) made primary in {@code hierarchy} and persisted. */
    private static void persist(InProcessBackend t, TpmRh hierarchy, TpmRh auth, int handle) {
        TpmWriter template = new TpmWriter(64);
        template.u16(0x0023).u16(0x000B).u32(0x00030072).u16(0);
        template.u16(0x0006).u16(128).u16(0x0043).u16(0x0010).u16(0x0003).u16(0x0010).u16(0).u16(0);
        byte[] r = ok(t, TpmCommands.createPrimary(hierarchy, new byte[0], template.toByteArray()));
        int object = java.nio.ByteBuffer.wrap(r).getInt(10);
        ok(t, CommandBuilder.of(TpmCc.EVICT_CONTROL).handle(auth).handle(object).emptyPassword().u32(handle).build());
        ok(t, TpmCommands.flushContext(object));
    }

    @Test
    void mutatedStateFilesLoadAsTheirTpmOrAreRefusedClearly() {
        Random rnd = new Random(12);
        int[] refused = new int[StateFile.Kind.values().length];
        int[] loaded = new int[refused.length];
        for (int i = 0; i < MUTATIONS; i++) {
            // permanent state most, as it holds the most structure
            int pick = rnd.nextInt(10);
            StateFile.Kind kind = pick < 6 ? StateFile.Kind.PERMANENT
                    : pick < 8 ? StateFile.Kind.VOLATILE : StateFile.Kind.SAVESTATE;
            byte[] file = rnd.nextInt(10) == 0 ? mutateEnvelope(BASE.get(kind), rnd)
                    : StateFile.seal(kind, mutate(StateFile.open(kind, BASE.get(kind), "base"), rnd));
            if (tryOne(kind, file, i)) {
                loaded[kind.ordinal()]++;
            } else {
                refused[kind.ordinal()]++;
            }
        }
        System.out.printf("state mutations: %d; refused/loaded permanent %d/%d, volatile %d/%d, savestate %d/%d%n",
                MUTATIONS, refused[0], loaded[0], refused[1], loaded[1], refused[2], loaded[2]);
        for (StateFile.Kind k : StateFile.Kind.values()) {
            assertTrue(refused[k.ordinal()] > 0, "some " + k + " mutations are refused");
        }
    }

    /** True when the TPM loaded; false when it was refused with a clear TpmStateException. */
    private static boolean tryOne(StateFile.Kind kind, byte[] file, int i) {
        MemoryNvStore nv = new MemoryNvStore();
        for (StateFile.Kind k : StateFile.Kind.values()) {
            nv.store(k.fileName(), k == kind ? file : BASE.get(k));
        }
        byte[] mutatedPermanent = nv.load(StateFile.Kind.PERMANENT.fileName());
        InProcessBackend t;
        try {
            t = backend(nv);
        } catch (TpmStateException e) {
            String m = e.getMessage();
            if (!m.contains(kind.fileName()) || m.contains("\n")) {
                fail("mutation " + i + " of " + kind + ": the message does not name the file in one line: " + m);
            }
            return false;
        } catch (RuntimeException e) {
            throw new AssertionError("mutation " + i + " of " + kind + ": " + e + " instead of a TpmStateException", e);
        }
        try (t) {
            assertSameTpm(mutatedPermanent, nv.load(StateFile.Kind.PERMANENT.fileName()), i);
            t.init(kind != StateFile.Kind.VOLATILE);
            if (kind != StateFile.Kind.VOLATILE) {
                answers(t, TpmCommands.startup(TpmSu.STATE), i);
            }
            answers(t, TpmCommands.getCapability(TpmCap.HANDLES, 0x81000000, 8), i);
            answers(t, CommandBuilder.of(TpmCc.READ_PUBLIC).handle(OWNER_PERSISTENT).build(), i);
            answers(t, CommandBuilder.of(TpmCc.READ_PUBLIC).handle(PLATFORM_PERSISTENT).build(), i);
            answers(t, TpmCommands.pcrRead(HashAlgorithm.SHA256, 16), i);
            answers(t, TpmCommands.readClock(), i);
        } catch (RuntimeException e) {
            throw new AssertionError("mutation " + i + " of " + kind + " loaded, then " + e, e);
        }
        return true;
    }

    private static void answers(InProcessBackend t, byte[] command, int i) {
        byte[] r = t.execute(0, command);
        assertNotEquals(TpmRc.FAILURE.value(), rc(r), "mutation " + i + ": TPM_RC_FAILURE");
    }

    /** The TPM that loaded has the primary seeds of the file it loaded (a version 1 state gets new ones). */
    private static void assertSameTpm(byte[] loadedFile, byte[] writtenFile, int i) {
        byte[] p = StateFile.open(StateFile.Kind.PERMANENT, loadedFile, "loaded");
        if (p[0] == 0 && p[1] == 1) {
            return;
        }
        PermanentState before = StateCodec.decodePermanent(p, "loaded", b -> Arrays.fill(b, (byte) 0));
        PermanentState after = StateCodec.decodePermanent(StateFile.open(StateFile.Kind.PERMANENT, writtenFile,
                "written"), "written", b -> Arrays.fill(b, (byte) 0));
        for (TpmRh h : new TpmRh[] {TpmRh.ENDORSEMENT, TpmRh.OWNER, TpmRh.PLATFORM}) {
            assertArrayEquals(before.objectState().seed(h.value()), after.objectState().seed(h.value()),
                    "mutation " + i + ": the " + h + " seed changed: a new TPM");
        }
        assertArrayEquals(before.hierarchies().ownerProof, after.hierarchies().ownerProof, "mutation " + i);
        assertEquals(ObjectState.SEED_SIZE, after.objectState().seed(TpmRh.ENDORSEMENT.value()).length);
    }

    /** One mutation of a payload. */
    static byte[] mutate(byte[] p, Random rnd) {
        int n = p.length;
        int at = n == 0 ? 0 : rnd.nextInt(n);
        switch (rnd.nextInt(7)) {
            case 0 -> {
                byte[] c = p.clone();
                for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                    c[rnd.nextInt(n)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return c;
            }
            case 1 -> {
                byte[] c = p.clone();
                c[at] = (byte) rnd.nextInt(256);
                return c;
            }
            case 2 -> {
                return Arrays.copyOf(p, at);
            }
            case 3 -> {
                byte[] c = Arrays.copyOf(p, n + 1 + rnd.nextInt(16));
                for (int k = n; k < c.length; k++) {
                    c[k] = (byte) rnd.nextInt(256);
                }
                return c;
            }
            case 4 -> {
                // a boundary value over a u8/u16/u32/u64 field
                byte[] c = p.clone();
                int w = 1 << rnd.nextInt(4);
                byte v = (byte) (rnd.nextBoolean() ? 0xFF : rnd.nextBoolean() ? 0x00 : 0x80);
                for (int k = at; k < Math.min(n, at + w); k++) {
                    c[k] = v;
                }
                return c;
            }
            case 5 -> {
                byte[] ins = new byte[1 + rnd.nextInt(8)];
                rnd.nextBytes(ins);
                byte[] c = new byte[n + ins.length];
                System.arraycopy(p, 0, c, 0, at);
                System.arraycopy(ins, 0, c, at, ins.length);
                System.arraycopy(p, at, c, at + ins.length, n - at);
                return c;
            }
            default -> {
                int len = Math.min(n - at, 1 + rnd.nextInt(8));
                byte[] c = new byte[n - len];
                System.arraycopy(p, 0, c, 0, at);
                System.arraycopy(p, at + len, c, at, n - at - len);
                return c;
            }
        }
    }

    /** A mutation of the whole file (header, length, payload) with its SHA-256 trailer recomputed. */
    static byte[] mutateEnvelope(byte[] file, Random rnd) {
        byte[] body = Arrays.copyOf(file, file.length - TRAILER);
        byte[] m = rnd.nextBoolean() ? headerMutation(body, rnd) : mutate(body, rnd);
        MessageDigest d = HashAlgorithm.SHA256.newDigest();
        d.update(m);
        byte[] out = Arrays.copyOf(m, m.length + TRAILER);
        System.arraycopy(d.digest(), 0, out, m.length, TRAILER);
        return out;
    }

    private static byte[] headerMutation(byte[] body, Random rnd) {
        byte[] c = body.clone();
        c[rnd.nextInt(12)] ^= (byte) (1 << rnd.nextInt(8));
        return c;
    }
}
