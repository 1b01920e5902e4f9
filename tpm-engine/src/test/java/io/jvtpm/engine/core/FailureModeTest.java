package io.jvtpm.engine.core;

import static io.jvtpm.engine.TpmTestSupport.cmd;
import static io.jvtpm.engine.TpmTestSupport.hex;
import static io.jvtpm.engine.TpmTestSupport.rc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmBackendException;
import io.jvtpm.engine.nv.StateFile;
import io.jvtpm.engine.platform.MemoryNvStore;
import io.jvtpm.engine.platform.NvStore;
import io.jvtpm.engine.platform.Platform;
import io.jvtpm.engine.platform.PlatformClock;
import io.jvtpm.engine.platform.PlatformSignals;
import io.jvtpm.engine.platform.SeededEntropy;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmCap;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmPt;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Failure mode (TPM 2.0 Library Part 3, 5.3 "Mode Checks" and 10.4): after an internal error the TPM
 * answers only GetTestResult and GetCapability for TPM_PT_MANUFACTURER..FIRMWARE_VERSION_2, writes
 * no state, and is itself again after _TPM_Init with the state NV holds.
 */
class FailureModeTest {
    private static final byte[] STARTUP_CLEAR = TpmCommands.startup(TpmSu.CLEAR);
    private static final byte[] GET_RANDOM = TpmCommands.getRandom(8);
    private static final byte[] GET_TEST_RESULT = CommandBuilder.of(TpmCc.GET_TEST_RESULT).build();
    /** HierarchyChangeAuth(owner) with the empty password, to newAuth "a". */
    private static final byte[] OWNER_AUTH_A = ownerChangeAuth("a");
    /** HierarchyChangeAuth(owner) with the empty password, to the empty newAuth. */
    private static final byte[] OWNER_AUTH_EMPTY = ownerChangeAuth("");
    private static final String PERMANENT = StateFile.Kind.PERMANENT.fileName();

    /** An NV store that throws what {@link #fault} supplies on every store while it is set. */
    private static byte[] ownerChangeAuth(String newAuth) {
        return TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, new byte[0], newAuth.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] tpmProperties(int property, int count) {
        return TpmCommands.getCapability(TpmCap.TPM_PROPERTIES, property, count);
    }

    private static final class FaultyNv implements NvStore {
        final MemoryNvStore nv = new MemoryNvStore();
        Supplier<RuntimeException> fault;

        @Override
        public byte[] load(String name) {
            return nv.load(name);
        }

        @Override
        public void store(String name, byte[] data) {
            if (fault != null) {
                throw fault.get();
            }
            nv.store(name, data);
        }

        @Override
        public void delete(String name) {
            nv.delete(name);
        }

        @Override
        public String describe(String name) {
            return "faulty:" + name;
        }
    }

    private static InProcessBackend started(FaultyNv nv) {
        InProcessBackend t = InProcessBackend.onPlatform(
                new Platform(new SeededEntropy(31), PlatformClock.system(), nv, new PlatformSignals()));
        t.init();
        assertEquals(0, rc(t.execute(0, STARTUP_CLEAR)));
        return t;
    }

    @Test
    void aStateWriteFailureEntersFailureModeUntilInit() {
        FaultyNv nv = new FaultyNv();
        try (InProcessBackend t = started(nv)) {
            assertEquals(0, rc(t.execute(0, GET_RANDOM)));
            byte[] before = nv.load(PERMANENT);
            nv.fault = () -> new TpmBackendException("state file permanent: cannot write it (disk full)");
            // the transport hears of the store's failure (and answers TPM_RC_FAILURE, logging it)
            assertThrows(TpmBackendException.class,
                    () -> t.execute(0, OWNER_AUTH_A));
            nv.fault = null;

            assertEquals(TpmRc.FAILURE.value(), rc(t.execute(0, GET_RANDOM)));
            assertEquals(TpmRc.FAILURE.value(), rc(t.execute(0, STARTUP_CLEAR)));
            assertEquals(TpmRc.FAILURE.value(), rc(t.execute(0, OWNER_AUTH_EMPTY)));
            ByteBuffer r = ByteBuffer.wrap(t.execute(0, GET_TEST_RESULT));
            assertEquals(0, r.getInt(6), "GetTestResult answers");
            assertEquals(r.capacity(), r.getInt(2));
            byte[] outData = new byte[r.getShort(10)];
            r.position(12).get(outData);
            assertEquals(0x129, ByteBuffer.wrap(outData).getInt(), "the failing command code");
            String why = new String(outData, 4, outData.length - 4, StandardCharsets.US_ASCII);
            assertTrue(why.contains("disk full"), why);
            assertTrue(outData.length <= 4 + Failure.MAX_REASON);
            assertEquals(TpmRc.FAILURE.value(), r.getInt(), "testResult");
            assertEquals(r.capacity(), r.position());

            // nothing half changed reaches NV, not even at power off
            t.powerOff();
            assertArrayEquals(before, nv.load(PERMANENT));

            t.init();
            assertEquals(0, rc(t.execute(0, STARTUP_CLEAR)), "_TPM_Init leaves failure mode");
            assertEquals(0, rc(t.execute(0, GET_RANDOM)));
            // the owner auth the failed command set in memory is gone: the empty one still works
            assertEquals(0, rc(t.execute(0, OWNER_AUTH_EMPTY)));
            ByteBuffer ok = ByteBuffer.wrap(t.execute(0, GET_TEST_RESULT));
            assertEquals(0, ok.getInt(6));
            assertEquals(0, ok.getInt(ok.capacity() - 4), "testResult after recovery");
        }
    }

    @Test
    void anUnexpectedExceptionInACommandEntersFailureMode() {
        FaultyNv nv = new FaultyNv();
        try (InProcessBackend t = started(nv)) {
            t.powerOff();
            t.init();
            nv.fault = () -> new IllegalStateException("injected\nfault");
            assertEquals(TpmRc.FAILURE.value(), rc(t.execute(0, STARTUP_CLEAR)));
            nv.fault = null;
            byte[] r = t.execute(0, GET_TEST_RESULT);
            assertEquals(0, rc(r));
            int n = ByteBuffer.wrap(r).getShort(10);
            assertEquals(0x144, ByteBuffer.wrap(r).getInt(12));
            assertEquals("IllegalStateException: injected?fault",
                    new String(r, 16, n - 4, StandardCharsets.US_ASCII));
            t.init();
            assertEquals(0, rc(t.execute(0, STARTUP_CLEAR)));
        }
    }

    @Test
    void getCapabilityInFailureModeReportsOnlyTheVendorProperties() {
        FaultyNv nv = new FaultyNv();
        try (InProcessBackend t = started(nv)) {
            byte[] normal = t.execute(0, tpmProperties(TpmPt.MANUFACTURER.value(), 1));
            nv.fault = () -> new IllegalStateException("injected");
            assertEquals(TpmRc.FAILURE.value(), rc(t.execute(0, OWNER_AUTH_A)));
            nv.fault = null;

            // TPM_PT_MANUFACTURER: the value a running TPM reports, moreData set
            assertEquals(hex(normal), hex(t.execute(0, tpmProperties(TpmPt.MANUFACTURER.value(), 1))));
            assertEquals("80010000001b00000000" + "01" + "00000006" + "00000001" + "00000105" + "4a565450",
                    hex(t.execute(0, tpmProperties(0, 5))),
                    "a property below TPM_PT_MANUFACTURER starts there; one property at a time");
            assertEquals("80010000001b00000000" + "00" + "00000006" + "00000001" + "0000010c" + "00000000",
                    hex(t.execute(0, tpmProperties(TpmPt.FIRMWARE_VERSION_2.value(), 1))),
                    "TPM_PT_FIRMWARE_VERSION_2 is the last");
            assertEquals("80010000001300000000" + "00" + "00000006" + "00000000",
                    hex(t.execute(0, tpmProperties(TpmPt.PT_VAR, 1))),
                    "nothing past TPM_PT_FIRMWARE_VERSION_2");
            assertEquals("80010000000a00000101",
                    hex(t.execute(0, TpmCommands.getCapability(TpmCap.ALGS, 1, 1))),
                    "other capabilities fail");
            assertEquals("80010000000a00000101",
                    hex(t.execute(0, cmd("8001 00000000 0000017a 00000006 00000105"))), "short command");
            assertEquals("80010000000a00000101", hex(t.execute(0, cmd("8002 00000000 0000017c"))),
                    "sessions are not accepted");
            assertEquals("80010000000a00000101", hex(t.execute(0, cmd("8001 00000000 0000017c 00"))),
                    "GetTestResult has no parameters");
            assertEquals("80010000000a00000101", hex(t.execute(0, new byte[] {(byte) 0x80, 1})));
        }
    }
}
