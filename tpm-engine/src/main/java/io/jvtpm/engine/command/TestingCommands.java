package io.jvtpm.engine.command;

import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.Structures;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmRc;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Testing commands (TPM 2.0 Library Part 3, 10): SelfTest and IncrementalSelfTest run the known
 * answer tests of the implemented hashes; GetTestResult reports; TestParms checks
 * TPMT_PUBLIC_PARMS against the algorithms this TPM implements.
 */
final class TestingCommands {
    /** FIPS 180 "abc" digests. */
    private static final byte[][] KAT = {
        HexFormat.of().parseHex("a9993e364706816aba3e25717850c26c9cd0d89d"),
        HexFormat.of().parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        HexFormat.of().parseHex("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
                + "8086072ba1e7cc2358baeca134c825a7"),
        HexFormat.of().parseHex("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    };
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);
    /** MAX_ALG_LIST_SIZE. */
    private static final int MAX_ALG_LIST = 64;

    private TestingCommands() {
    }

    static void selfTest(Command c) {
        Structures.readYesNo(c.in());
        c.endParameters();
        runKats(c);
    }

    static void incrementalSelfTest(Command c) {
        TpmReader r = c.in();
        int count = r.u32();
        if (count < 0 || count > MAX_ALG_LIST) {
            throw r.fail(TpmRc.SIZE);
        }
        for (int i = 0; i < count; i++) {
            r.u16();
        }
        c.endParameters();
        runKats(c);
        // every implemented algorithm is tested: nothing left to do
        c.out().u32(0);
    }

    static void getTestResult(Command c) {
        c.endParameters();
        c.out().u16(0).u32(0);
    }

    private static void runKats(Command c) {
        for (HashAlgorithm h : HashAlgorithm.all()) {
            byte[] d = c.tpm().digests().hash(h, ABC, 0, ABC.length);
            if (!java.util.Arrays.equals(d, KAT[h.ordinal()])) {
                throw new TpmRcException(TpmRc.FAILURE.value());
            }
        }
        c.tpm().selfTested();
    }

    /** TPM2_TestParms: TPMT_PUBLIC_PARMS; only keyedHash objects with HMAC or no scheme are implemented. */
    static void testParms(Command c) {
        TpmReader r = c.in();
        int type = r.u16();
        if (type != TpmAlgId.KEYEDHASH.value()) {
            throw r.fail(TpmRc.TYPE);
        }
        int scheme = r.u16();
        if (scheme == TpmAlgId.HMAC.value()) {
            Structures.readHash(r, false);
        } else if (scheme != TpmAlgId.NULL.value()) {
            throw r.fail(TpmRc.VALUE);
        }
        c.endParameters();
    }
}
