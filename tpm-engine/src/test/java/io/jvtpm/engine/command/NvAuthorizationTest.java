package io.jvtpm.engine.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.NvPublic;
import io.jvtpm.engine.wire.Structures;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmNvCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSt;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.TpmaNv;
import io.jvtpm.engine.wire.TpmaSession;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The Name of an NV index where a Name is needed (TPM 2.0 Library Part 1, 16 and 18.7; Part 3,
 * 31.16): an HMAC session's cpHash over the index's current Name (it changes when TPMA_NV_WRITTEN
 * is set), and NV_Certify's TPMS_NV_DIGEST_CERTIFY_INFO with the Name and a digest of the data,
 * signed so that VerifySignature accepts it; DA protection of an index without NO_DA.
 */
class NvAuthorizationTest {
    private static final int H = 0x01000020;
    private static final byte[] AUTH = "nv-auth".getBytes();
    private static final AuthCommand PW = AuthCommand.emptyPassword();

    private static byte[] name(InProcessBackend t, int h) {
        return TpmResponse.parse(TpmTestSupport.ok(t, TpmNvCommands.readPublic(h))).nvReadPublic().name();
    }

    private static void define(InProcessBackend t, int attrs) {
        TpmTestSupport.ok(t, TpmNvCommands.defineSpace(TpmRh.OWNER, PW, AUTH,
                new NvPublic(H, TpmAlgId.SHA256.value(), attrs, new byte[0], 16)));
    }

    /** NV_Read of 4 octets by the index through an unbound, unsalted HMAC session, its cpHash over {@code nvName}. */
    private static int readWithHmac(InProcessBackend t, byte[] nvName) {
        byte[] nonceCaller = new byte[32];
        Arrays.fill(nonceCaller, (byte) 7);
        byte[] r = TpmTestSupport.ok(t, CommandBuilder.of(TpmCc.START_AUTH_SESSION).handle(TpmRh.NULL)
                .handle(TpmRh.NULL).tpm2b(nonceCaller).u16(0).u8(0).u16(TpmAlgId.NULL.value())
                .u16(TpmAlgId.SHA256.value()).build());
        TpmReader in = new TpmReader(r, 10, r.length - 10);
        int handle = in.u32();
        ClientSession s = ClientSession.started(handle, HashAlgorithm.SHA256, 0, nonceCaller, in.tpm2b(64),
                new byte[0], 0, null);
        byte[] params = new TpmWriter(4).u16(4).u16(0).toByteArray();
        byte[] cp = s.cpHash(TpmCc.NV_READ.value(), new byte[][] {nvName, nvName}, params);
        byte[] hmac = s.commandHmac(s.key(H, AUTH), cp, null, null, 0);
        return TpmTestSupport.rc(t.execute(0, CommandBuilder.of(TpmCc.NV_READ).handle(H).handle(H)
                .auth(new AuthCommand(handle, nonceCaller, 0, hmac)).u16(4).u16(0).build()));
    }

    @Test
    void cpHashUsesTheIndexNameOfTheMoment() {
        InProcessBackend t = TpmTestSupport.started(5);
        define(t, TpmaNv.OWNERWRITE | TpmaNv.OWNERREAD | TpmaNv.AUTHREAD | TpmaNv.NO_DA);
        byte[] before = name(t, H);
        TpmTestSupport.ok(t, TpmNvCommands.write(TpmRh.OWNER.value(), H, PW, new byte[16], 0));
        byte[] after = name(t, H);
        assertEquals(34, after.length);
        assertEquals(TpmRc.BAD_AUTH.session(1), readWithHmac(t, before), "the Name before WRITTEN is stale");
        assertEquals(0, readWithHmac(t, after));
        NvPublic p = new NvPublic(H, TpmAlgId.SHA256.value(), TpmaNv.OWNERWRITE | TpmaNv.OWNERREAD | TpmaNv.AUTHREAD
                | TpmaNv.NO_DA | TpmaNv.WRITTEN, new byte[0], 16);
        byte[] expected = new byte[34];
        expected[1] = (byte) TpmAlgId.SHA256.value();
        System.arraycopy(HashAlgorithm.SHA256.digest(p.bytes()), 0, expected, 2, 32);
        assertArrayEquals(expected, after, "Name = nameAlg || H(TPMS_NV_PUBLIC)");
    }

    @Test
    void anIndexWithoutNoDaCountsFailures() {
        InProcessBackend t = TpmTestSupport.started(6);
        define(t, TpmaNv.OWNERWRITE | TpmaNv.OWNERREAD | TpmaNv.AUTHREAD);
        TpmTestSupport.ok(t, TpmNvCommands.write(TpmRh.OWNER.value(), H, PW, new byte[16], 0));
        byte[] wrong = TpmNvCommands.read(H, H, AuthCommand.password("wrong".getBytes()), 1, 0);
        int rc = TpmTestSupport.rc(TpmTestSupport.untilNotRetry(c -> t.execute(0, c), wrong));
        assertEquals(TpmRc.AUTH_FAIL.session(1), rc);
    }

    @Test
    void nvCertifySignsTheNameAndADigestOfTheData() {
        InProcessBackend t = TpmTestSupport.started(7);
        define(t, TpmaNv.OWNERWRITE | TpmaNv.OWNERREAD | TpmaNv.AUTHREAD | TpmaNv.NO_DA);
        byte[] data = "sixteen octets!!".getBytes();
        TpmTestSupport.ok(t, TpmNvCommands.write(TpmRh.OWNER.value(), H, PW, data, 0));
        // an ECC P-256 ECDSA/SHA-256 signing key, primary in the owner hierarchy
        TpmWriter template = new TpmWriter(64);
        template.u16(TpmAlgId.ECC.value()).u16(TpmAlgId.SHA256.value()).u32(0x00040072).u16(0);
        template.u16(TpmAlgId.NULL.value()).u16(TpmAlgId.ECDSA.value()).u16(TpmAlgId.SHA256.value()).u16(0x0003)
                .u16(TpmAlgId.NULL.value()).u16(0).u16(0);
        byte[] key = TpmTestSupport.ok(t, TpmCommands.createPrimary(TpmRh.OWNER, new byte[0], template.toByteArray()));
        int signer = TpmWire.u32(key, 10);
        // the key is DA-protected: the first use of a cycle answers TPM_RC_RETRY
        byte[] r = TpmTestSupport.untilNotRetry(c -> t.execute(0, c), TpmNvCommands.certify(signer, PW,
                TpmRh.OWNER.value(), PW, H, new byte[] {1}, 0, 0));
        assertEquals(0, TpmTestSupport.rc(r));
        TpmReader in = new TpmReader(r, 14, r.length - 14);
        byte[] attest = in.tpm2b(4096);
        byte[] signature = in.bytes(in.remaining() - 10);
        TpmReader a = new TpmReader(attest, 0, attest.length);
        assertEquals(Structures.TPM_GENERATED_VALUE, a.u32());
        assertEquals(TpmSt.ATTEST_NV_DIGEST.value(), a.u16());
        a.tpm2b(66);
        assertArrayEquals(new byte[] {1}, a.tpm2b(64));
        a.skip(8 + 4 + 4 + 1 + 8);
        assertArrayEquals(name(t, H), a.tpm2b(66));
        assertArrayEquals(HashAlgorithm.SHA256.digest(data), a.tpm2b(64));
        TpmTestSupport.ok(t, CommandBuilder.of(TpmCc.VERIFY_SIGNATURE).handle(signer)
                .tpm2b(HashAlgorithm.SHA256.digest(attest)).bytes(signature).build());
        assertEquals(TpmaSession.CONTINUE_SESSION, r[r.length - 3], "the password session continues");
    }
}
