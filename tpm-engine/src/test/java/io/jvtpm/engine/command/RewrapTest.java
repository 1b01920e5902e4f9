package io.jvtpm.engine.command;

import static io.jvtpm.engine.TpmTestSupport.hex;
import static io.jvtpm.engine.TpmTestSupport.rc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.TpmCc;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * TPM2_Rewrap (TPM 2.0 Library Part 3, 13.2) with Duplicate (13.1) and Import (13.3): a P-256
 * signing key duplicated to an ECC parent A, rewrapped for an RSA parent B, imported and loaded
 * under B signs so that the JDK verifies with the original public key; the blob rewrapped for B
 * no longer imports under A, a seed for the wrong parent and a seed given with a NULL old parent
 * are refused with the spec's response codes.
 */
class RewrapTest {
    private static final int NULL = 0x40000007;
    private static final int RS_PW = 0x40000009;

    /** An RSA-2048 storage key template: AES-128-CFB, no scheme. */
    private static byte[] rsaStorageTemplate() {
        TpmWriter w = new TpmWriter(64);
        w.u16(0x0001).u16(0x000B).u32(0x00030472).u16(0);
        w.u16(0x0006).u16(128).u16(0x0043).u16(0x0010).u16(2048).u32(0).u16(0);
        return w.toByteArray();
    }

    /** A duplicable P-256 ECDSA-SHA256 signing key template with this authPolicy. */
    private static byte[] signingTemplate(byte[] policy) {
        TpmWriter w = new TpmWriter(128);
        w.u16(0x0023).u16(0x000B).u32(0x00040060).tpm2b(policy);
        w.u16(0x0010).u16(0x0018).u16(0x000B).u16(0x0003).u16(0x0010).u16(0).u16(0);
        return w.toByteArray();
    }

    /** A command with one session: handle, nonceCaller, attributes, hmac/password. */
    private static byte[] withSession(int cc, int[] handles, int session, byte[] params) {
        TpmWriter w = new TpmWriter(2048);
        w.u16(0x8002).u32(0).u32(cc);
        for (int h : handles) {
            w.u32(h);
        }
        byte[] nonce = session == RS_PW ? new byte[0] : new byte[16];
        w.u32(4 + 2 + nonce.length + 1 + 2).u32(session).tpm2b(nonce).u8(1).u16(0);
        w.bytes(params);
        w.putU32(2, w.size());
        return w.toByteArray();
    }

    /**
     * Runs a command that must succeed, resent once after TPM_RC_RETRY as a TSS does (the first
     * DA-protected authorization of a cycle); a reader at its response parameters.
     */
    private static TpmReader ok(InProcessBackend tpm, byte[] command, int responseHandles, String what) {
        byte[] r = TpmTestSupport.untilNotRetry(c -> tpm.execute(0, c), command);
        assertEquals(0, rc(r), () -> what + ": " + hex(r));
        TpmReader rd = new TpmReader(r, 10, r.length - 10);
        for (int i = 0; i < responseHandles; i++) {
            rd.u32();
        }
        if ((r[1] & 0xFF) == 0x02) {
            rd.u32();
        }
        return rd;
    }

    private static int handleOf(InProcessBackend tpm, byte[] command, String what) {
        return handleIn(tpm.execute(0, command), what);
    }

    private static int handleIn(byte[] r, String what) {
        assertEquals(0, rc(r), () -> what + ": " + hex(r));
        return new TpmReader(r, 10, 4).u32();
    }

    private static void flush(InProcessBackend tpm, int handle) {
        CommandBuilder f = CommandBuilder.of(TpmCc.FLUSH_CONTEXT);
        f.u32(handle);
        assertEquals(0, rc(tpm.execute(0, f.build())));
    }

    private static byte[] rewrap(int oldParent, int newParent, byte[] dup, byte[] name, byte[] seed) {
        TpmWriter p = new TpmWriter(1024);
        p.tpm2b(dup).tpm2b(name).tpm2b(seed);
        return withSession(TpmCc.REWRAP.value(), new int[] {oldParent, newParent}, RS_PW, p.toByteArray());
    }

    private static byte[] importUnder(int parent, byte[] pub, byte[] dup, byte[] seed) {
        TpmWriter p = new TpmWriter(1024);
        p.u16(0).tpm2b(pub).tpm2b(dup).tpm2b(seed).u16(0x0010);
        return withSession(TpmCc.IMPORT.value(), new int[] {parent}, RS_PW, p.toByteArray());
    }

    @Test
    void duplicateToARewrapToBImportUnderBAndSign() throws Exception {
        InProcessBackend tpm = TpmTestSupport.started(21);
        int parentA = handleIn(PrimaryKeysTest.createPrimary(tpm, PrimaryKeysTest.OWNER,
                PrimaryKeysTest.eccTemplate(new byte[0])), "CreatePrimary A");
        int parentB = handleIn(PrimaryKeysTest.createPrimary(tpm, PrimaryKeysTest.OWNER,
                rsaStorageTemplate()), "CreatePrimary B");

        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(new byte[32]);
        sha.update(new byte[] {0, 0, 0x01, 0x6C, 0, 0, 0x01, 0x4B});
        byte[] policy = sha.digest();
        TpmWriter create = new TpmWriter(256);
        create.u16(4).u16(0).u16(0).tpm2b(signingTemplate(policy)).u16(0).u32(0);
        TpmReader cr = ok(tpm, withSession(TpmCc.CREATE.value(), new int[] {parentA}, RS_PW, create.toByteArray()),
                0, "Create");
        byte[] priv = cr.tpm2b(1024);
        byte[] pub = cr.tpm2b(1024);
        TpmWriter load = new TpmWriter(1024);
        load.tpm2b(priv).tpm2b(pub);
        byte[] lr = tpm.execute(0, withSession(TpmCc.LOAD.value(), new int[] {parentA}, RS_PW, load.toByteArray()));
        assertEquals(0, rc(lr), () -> "Load: " + hex(lr));
        TpmReader lrd = new TpmReader(lr, 10, lr.length - 10);
        int key = lrd.u32();
        lrd.u32();
        byte[] name = lrd.tpm2b(64);

        TpmWriter sas = new TpmWriter(64);
        sas.u16(16).bytes(new byte[16]).u16(0).u8(0x01).u16(0x0010).u16(0x000B);
        CommandBuilder start = CommandBuilder.of(TpmCc.START_AUTH_SESSION).handle(NULL).handle(NULL);
        start.bytes(sas.toByteArray());
        int session = handleOf(tpm, start.build(), "StartAuthSession");
        CommandBuilder pcc = CommandBuilder.of(TpmCc.POLICY_COMMAND_CODE).handle(session);
        pcc.u32(TpmCc.DUPLICATE.value());
        assertEquals(0, rc(tpm.execute(0, pcc.build())));
        TpmReader dr = ok(tpm, withSession(TpmCc.DUPLICATE.value(), new int[] {key, parentA}, session,
                new byte[] {0, 0, 0, 0x10}), 0, "Duplicate");
        assertEquals(0, dr.tpm2b(32).length);
        byte[] dupA = dr.tpm2b(1024);
        byte[] seedA = dr.tpm2b(1024);
        flush(tpm, key);

        byte[] wrongParent = tpm.execute(0, rewrap(parentB, parentA, dupA, name, seedA));
        assertEquals(0x3C4, rc(wrongParent), "a seed for A given to B: TPM_RC_VALUE, parameter 3");
        assertEquals(0x18B, rc(tpm.execute(0, rewrap(NULL, parentB, dupA, name, seedA))),
                "a seed with a NULL old parent: TPM_RC_HANDLE, handle 1");
        byte[] badName = name.clone();
        badName[badName.length - 1] ^= 1;
        assertEquals(0x1DF, rc(tpm.execute(0, rewrap(parentA, parentB, dupA, badName, seedA))),
                "another Name: TPM_RC_INTEGRITY, parameter 1");

        TpmReader rr = ok(tpm, rewrap(parentA, parentB, dupA, name, seedA), 0, "Rewrap");
        byte[] dupB = rr.tpm2b(1024);
        byte[] seedB = rr.tpm2b(1024);
        assertEquals(256, seedB.length, "an RSA-OAEP encrypted seed for B");
        assertTrue(!Arrays.equals(dupA, dupB));
        assertTrue(rc(tpm.execute(0, importUnder(parentA, pub, dupB, seedB))) != 0,
                "the blob rewrapped for B does not import under A");

        flush(tpm, parentA);
        TpmReader ir = ok(tpm, importUnder(parentB, pub, dupB, seedB), 0, "Import under B");
        byte[] privB = ir.tpm2b(1024);
        TpmWriter loadB = new TpmWriter(1024);
        loadB.tpm2b(privB).tpm2b(pub);
        int keyB = handleOf(tpm, withSession(TpmCc.LOAD.value(), new int[] {parentB}, RS_PW, loadB.toByteArray()),
                "Load under B");

        byte[] message = "rewrapped and still the same key".getBytes();
        TpmWriter sign = new TpmWriter(128);
        sign.tpm2b(MessageDigest.getInstance("SHA-256").digest(message)).u16(0x0010).u16(0x8024).u32(NULL).u16(0);
        TpmReader sr = ok(tpm, withSession(TpmCc.SIGN.value(), new int[] {keyB}, RS_PW, sign.toByteArray()), 0,
                "Sign");
        assertEquals(0x0018, sr.u16());
        assertEquals(0x000B, sr.u16());
        byte[] r = sr.tpm2b(32);
        byte[] s = sr.tpm2b(32);

        TpmReader pr = new TpmReader(pub, 0, pub.length);
        pr.u16();
        pr.u16();
        pr.u32();
        pr.tpm2b(64);
        pr.u16();
        pr.u16();
        pr.u16();
        pr.u16();
        pr.u16();
        BigInteger x = new BigInteger(1, pr.tpm2b(32));
        BigInteger y = new BigInteger(1, pr.tpm2b(32));
        AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
        ap.init(new ECGenParameterSpec("secp256r1"));
        PublicKey pk = KeyFactory.getInstance("EC").generatePublic(
                new ECPublicKeySpec(new ECPoint(x, y), ap.getParameterSpec(ECParameterSpec.class)));
        Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(pk);
        v.update(message);
        byte[] rs = new byte[64];
        System.arraycopy(r, 0, rs, 32 - r.length, r.length);
        System.arraycopy(s, 0, rs, 64 - s.length, s.length);
        assertTrue(v.verify(rs), "the signature of the key loaded under B verifies with its public key");
        tpm.close();
    }
}
