package io.jvtpm.engine.peer;

import static io.jvtpm.engine.TpmTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.crypto.EccCurve;
import io.jvtpm.engine.crypto.Numbers;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWriter;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ECC schemes beside ECDSA (TPM 2.0 Library Part 3, 19.2 Commit, 19.3 EC_Ephemeral, 14.7
 * ZGen_2Phase, 20.1 VerifySignature and 20.2 Sign with EC-Schnorr and ECDAA) on the engine and on
 * libtpms in-process: the same keys (LoadExternal of known scalars on every implemented curve),
 * signatures made by one verified by the other, ECDAA signatures checked against their
 * commitment, the key exchange of two keys agreeing on Z, and the same response codes for
 * hostile inputs (points off the curve, a commitment used twice, wrong schemes).
 */
@Tag("peer")
class EccDifferentialTest {
    private static final AuthCommand PASSWORD = AuthCommand.password(new byte[0]);
    private static final int SIGN = 0x00040440;
    private static final int DECRYPT = 0x00020440;
    private static final int ECDSA = 0x0018;
    private static final int ECDH = 0x0019;
    private static final int ECDAA = 0x001A;
    private static final int ECSCHNORR = 0x001C;
    private static final int ECMQV = 0x001D;
    private static final int NULL = 0x0010;
    private static final int SHA256 = 0x000B;

    private LibTpms peer;
    private InProcessBackend engine;
    private int loaded;

    @BeforeEach
    void start() {
        LibTpms.require();
        peer = LibTpms.start();
        engine = TpmTestSupport.started(31);
        assertEquals(0, TpmTestSupport.rc(peer.process(TpmCommands.startup(TpmSu.CLEAR))));
    }

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.close();
        }
    }

    private UnaryOperator<byte[]> engineTpm() {
        return c -> engine.execute(0, c);
    }

    private UnaryOperator<byte[]> peerTpm() {
        return peer::process;
    }

    /** Runs {@code cmd} on both; their response codes must agree. Returns {engine, libtpms}. */
    private TpmResponse[] both(byte[] cmd) {
        TpmResponse ours = TpmResponse.parse(TpmTestSupport.untilNotRetry(engineTpm(), cmd));
        TpmResponse theirs = TpmResponse.parse(TpmTestSupport.untilNotRetry(peerTpm(), cmd));
        assertEquals(String.format("0x%03X", theirs.rc()), String.format("0x%03X", ours.rc()), "command " + hex(cmd));
        return new TpmResponse[] {ours, theirs};
    }

    /** A scheme field: alg, and hash (and ECDAA's count) when not NULL. */
    private static void scheme(TpmWriter w, int alg, int count) {
        w.u16(alg);
        if (alg != NULL) {
            w.u16(SHA256);
            if (alg == ECDAA) {
                w.u16(count);
            }
        }
    }

    /** LoadExternal of the ECC key d on {@code curve} in the NULL hierarchy, on both; its handle. */
    private int loadKey(EccCurve curve, BigInteger d, int attributes, int schemeAlg) {
        BigInteger[] q = curve.multiplyBase(d);
        TpmWriter pub = new TpmWriter(256);
        pub.u16(0x0023).u16(SHA256).u32(attributes).u16(0).u16(NULL);
        scheme(pub, schemeAlg, 0);
        pub.u16(curve.id()).u16(NULL).tpm2b(curve.pad(q[0])).tpm2b(curve.pad(q[1]));
        TpmWriter sens = new TpmWriter(128);
        sens.u16(0x0023).u16(0).u16(0).tpm2b(curve.pad(d));
        byte[] cmd = CommandBuilder.of(TpmCc.LOAD_EXTERNAL).tpm2b(sens.toByteArray()).tpm2b(pub.toByteArray())
                .u32(TpmRh.NULL.value()).build();
        TpmResponse[] r = both(cmd);
        assertEquals(0, r[0].rc());
        assertEquals(r[1].handle(0), r[0].handle(0));
        loaded++;
        return r[0].handle(0);
    }

    private static byte[] sign(int key, byte[] digest, int schemeAlg, int count) {
        TpmWriter w = new TpmWriter(128);
        w.tpm2b(digest);
        scheme(w, schemeAlg, count);
        w.u16(0x8024).u32(TpmRh.NULL.value()).u16(0);
        return CommandBuilder.of(TpmCc.SIGN).handle(key).auth(PASSWORD).bytes(w.toByteArray()).build();
    }

    /** The TPMT_SIGNATURE of a Sign response. */
    private static byte[] signature(TpmResponse r) {
        return r.read(0, rd -> rd.bytes(rd.remaining()));
    }

    private static byte[] verify(int key, byte[] digest, byte[] signature) {
        return CommandBuilder.of(TpmCc.VERIFY_SIGNATURE).handle(key).tpm2b(digest).bytes(signature).build();
    }

    private static byte[] sha256(String s) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes());
    }

    @Test
    void schnorrAndEcdsaSignaturesVerifyOnTheOtherTpm() throws Exception {
        byte[] digest = sha256("ecschnorr");
        for (EccCurve curve : EccCurve.values()) {
            BigInteger d = new BigInteger("1F2E3D4C5B6A79887766554433221100FFEEDDCCBBAA99887766554433221101", 16)
                    .mod(curve.order());
            int schnorrKey = loadKey(curve, d, SIGN, ECSCHNORR);
            int anyKey = loadKey(curve, d.add(BigInteger.TWO), SIGN, NULL);
            for (int[] ks : new int[][] {{schnorrKey, ECSCHNORR}, {anyKey, ECSCHNORR}, {anyKey, ECDSA}}) {
                TpmResponse[] signed = both(sign(ks[0], digest, ks[1], 0));
                assertEquals(0, signed[0].rc());
                byte[] ours = signature(signed[0]);
                byte[] theirs = signature(signed[1]);
                assertEquals(theirs.length, ours.length, curve + " signature size");
                TpmResponse[] v1 = both(verify(ks[0], digest, ours));
                TpmResponse[] v2 = both(verify(ks[0], digest, theirs));
                assertEquals(0, v1[0].rc(), curve + " " + ks[1]);
                assertArrayEquals(v1[1].bytes(), v1[0].bytes());
                assertArrayEquals(v2[1].bytes(), v2[0].bytes());
                byte[] other = sha256("another message");
                TpmResponse[] wrong = both(verify(ks[0], other, ours));
                assertEquals(0x2DB, wrong[0].rc(), "TPM_RC_SIGNATURE + P2");
                byte[] tampered = ours.clone();
                tampered[tampered.length - 1] ^= 1;
                both(verify(ks[0], digest, tampered));
            }
            // signatures an ECC key does not verify: RSASSA, HMAC, ECDAA, NULL
            TpmWriter rsassa = new TpmWriter(300);
            rsassa.u16(0x0014).u16(SHA256).tpm2b(new byte[256]);
            both(verify(schnorrKey, digest, rsassa.toByteArray()));
            TpmWriter hmac = new TpmWriter(40);
            hmac.u16(0x0005).u16(SHA256).bytes(new byte[32]);
            both(verify(schnorrKey, digest, hmac.toByteArray()));
            TpmWriter daa = new TpmWriter(80);
            daa.u16(ECDAA).u16(SHA256).tpm2b(new byte[] {1}).tpm2b(new byte[] {2});
            both(verify(schnorrKey, digest, daa.toByteArray()));
            both(verify(schnorrKey, digest, new byte[] {0, 0x10}));
            // a key with the EC-Schnorr scheme refuses ECDSA; an ECDAA signature is not verified by a TPM
            both(sign(schnorrKey, digest, ECDSA, 0));
            both(sign(schnorrKey, digest, ECDAA, 0));
            both(flush(schnorrKey));
            both(flush(anyKey));
        }
    }

    private static byte[] flush(int handle) {
        return TpmCommands.flushContext(handle);
    }

    private static byte[] point(EccCurve curve, BigInteger[] p) {
        TpmWriter w = new TpmWriter(140);
        byte[] x = curve.pad(p[0]);
        byte[] y = curve.pad(p[1]);
        w.u16(4 + x.length + y.length).tpm2b(x).tpm2b(y);
        return w.toByteArray();
    }

    private static final byte[] EMPTY_POINT = {0, 4, 0, 0, 0, 0};

    private static byte[] commit(int key, byte[] p1, byte[] s2, byte[] y2) {
        return CommandBuilder.of(TpmCc.COMMIT).handle(key).auth(PASSWORD).bytes(p1).tpm2b(s2).tpm2b(y2).build();
    }

    private static BigInteger[] readPoint(TpmReader r) {
        r.u16();
        return new BigInteger[] {Numbers.of(r.tpm2b(128)), Numbers.of(r.tpm2b(128))};
    }

    /** K, L, E and the counter of a Commit response. */
    private static Object[] commitResult(TpmResponse r) {
        return r.read(0, rd -> new Object[] {readPoint(rd), readPoint(rd), readPoint(rd), rd.u16()});
    }

    @Test
    void ecdaaSignaturesCompleteTheirCommitmentOnce() throws Exception {
        byte[] digest = sha256("ecdaa");
        for (EccCurve curve : new EccCurve[] {EccCurve.BN_P256, EccCurve.NIST_P256}) {
            BigInteger d = new BigInteger("0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF", 16);
            BigInteger[] q = curve.multiplyBase(d);
            int key = loadKey(curve, d, SIGN, ECDAA);
            TpmResponse[] c1 = both(commit(key, EMPTY_POINT, new byte[0], new byte[0]));
            assertEquals(0, c1[0].rc());
            TpmResponse[] c2 = both(commit(key, EMPTY_POINT, new byte[0], new byte[0]));
            int counter = (Integer) commitResult(c1[0])[3];
            for (int t = 0; t < 2; t++) {
                Object[] first = commitResult(c1[t]);
                Object[] second = commitResult(c2[t]);
                assertEquals(counter, first[3], "first counter");
                assertEquals(counter + 1, second[3], "second counter");
                BigInteger[] e = (BigInteger[]) first[2];
                TpmResponse signed = t == 0 ? TpmResponse.parse(engine.execute(0, sign(key, digest, ECDAA, counter)))
                        : TpmResponse.parse(peer.process(sign(key, digest, ECDAA, counter)));
                assertEquals(0, signed.rc());
                // [s]G = E + [H(nonceK || digest)]Q
                Object[] sig = signed.read(0, rd -> {
                    rd.u16();
                    rd.u16();
                    return new Object[] {rd.tpm2b(128), Numbers.of(rd.tpm2b(128))};
                });
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                md.update((byte[]) sig[0]);
                BigInteger tt = Numbers.of(md.digest(digest)).mod(curve.order());
                BigInteger[] left = curve.multiplyBase((BigInteger) sig[1]);
                BigInteger[] right = curve.sumOfProducts(e, BigInteger.ONE, q, tt);
                assertArrayEquals(right, left, (t == 0 ? "engine " : "libtpms ") + curve);
            }
            // the commitment is used up; one never made; the second one still works
            both(sign(key, digest, ECDAA, counter));
            both(sign(key, digest, ECDAA, counter + 7));
            both(sign(key, digest, ECDAA, counter + 1));
            both(sign(key, digest, ECDAA, counter + 1));
            both(sign(key, digest, ECDAA, counter + 1 + 128));
            // attestation completes a commitment too (Quote with ECDAA), once
            TpmResponse[] c3 = both(commit(key, EMPTY_POINT, new byte[0], new byte[0]));
            int third = (Integer) commitResult(c3[0])[3];
            TpmResponse[] quoted = both(quote(key, third));
            assertEquals(0, quoted[0].rc());
            both(quote(key, third));
            // an ECDAA key needs a counter; ECDAA signatures are not verified
            both(sign(key, digest, NULL, 0));
            both(verify(key, digest, signature(both(sign(key, digest, ECSCHNORR, 0))[0])));
            // hostile commits: P1 off the curve, s2 without y2, B off the curve, a public-only key
            BigInteger[] g = curve.generator();
            both(commit(key, point(curve, new BigInteger[] {g[0], g[1].add(BigInteger.ONE)}), new byte[0], new byte[0]));
            both(commit(key, new byte[] {0, 0}, new byte[0], new byte[0]));
            both(commit(key, EMPTY_POINT, new byte[] {1, 2, 3}, new byte[0]));
            both(commit(key, EMPTY_POINT, new byte[] {1, 2, 3}, curve.pad(BigInteger.TEN)));
            TpmResponse[] p1 = both(commit(key, point(curve, curve.multiplyBase(BigInteger.valueOf(5))), new byte[0],
                    new byte[0]));
            assertEquals(0, p1[0].rc());
            int schnorr = loadKey(curve, d, SIGN, ECSCHNORR);
            both(commit(schnorr, EMPTY_POINT, new byte[0], new byte[0]));
            both(flush(schnorr));
            both(flush(key));
        }
    }

    private static byte[] quote(int key, int count) {
        return CommandBuilder.of(TpmCc.QUOTE).handle(key).auth(PASSWORD).tpm2b(new byte[] {1, 2, 3}).u16(ECDAA)
                .u16(SHA256).u16(count).u32(1).u16(SHA256).u8(3).u8(1).u8(0).u8(0).build();
    }

    private static byte[] ecEphemeral(int curve) {
        return CommandBuilder.of(TpmCc.EC_EPHEMERAL).u16(curve).build();
    }

    private static byte[] zGen(int key, byte[] qsB, byte[] qeB, int scheme, int counter) {
        return CommandBuilder.of(TpmCc.ZGEN_2PHASE).handle(key).auth(PASSWORD).bytes(qsB).bytes(qeB).u16(scheme)
                .u16(counter).build();
    }

    @Test
    void twoPhaseKeyExchangeAgreesOnZ() {
        EccCurve curve = EccCurve.NIST_P256;
        BigInteger da = BigInteger.valueOf(0x1234567).pow(9).mod(curve.order());
        BigInteger db = BigInteger.valueOf(0x7654321).pow(9).mod(curve.order());
        int a = loadKey(curve, da, DECRYPT, ECDH);
        int b = loadKey(curve, db, DECRYPT, NULL);
        byte[] qa = point(curve, curve.multiplyBase(da));
        byte[] qb = point(curve, curve.multiplyBase(db));
        TpmResponse[] ea = both(ecEphemeral(curve.id()));
        TpmResponse[] eb = both(ecEphemeral(curve.id()));
        for (int t = 0; t < 2; t++) {
            UnaryOperator<byte[]> tpm = t == 0 ? engineTpm() : peerTpm();
            Object[] qeA = ea[t].read(0, rd -> new Object[] {readPoint(rd), rd.u16()});
            Object[] qeB = eb[t].read(0, rd -> new Object[] {readPoint(rd), rd.u16()});
            TpmResponse za = TpmResponse.parse(tpm.apply(zGen(a, qb, point(curve, (BigInteger[]) qeB[0]), ECDH,
                    (Integer) qeA[1])));
            TpmResponse zb = TpmResponse.parse(tpm.apply(zGen(b, qa, point(curve, (BigInteger[]) qeA[0]), ECDH,
                    (Integer) qeB[1])));
            assertEquals(0, za.rc(), hex(za.bytes()));
            assertEquals(0, zb.rc(), hex(zb.bytes()));
            byte[] zaBytes = za.read(0, rd -> rd.bytes(rd.remaining()));
            byte[] zbBytes = zb.read(0, rd -> rd.bytes(rd.remaining()));
            assertArrayEquals(zaBytes, zbBytes, t == 0 ? "engine" : "libtpms");
            // Z1 is the static-static ECDH value
            BigInteger[] z1 = za.read(0, EccDifferentialTest::readPoint);
            assertArrayEquals(curve.multiply(curve.multiplyBase(db)[0], curve.multiplyBase(db)[1], da), z1);
        }
        // hostile: a used commitment, a point off the curve, schemes, unknown curves
        both(zGen(a, qb, qa, ECDH, 0));
        TpmResponse[] e3 = both(ecEphemeral(curve.id()));
        int c3 = e3[0].read(0, rd -> {
            readPoint(rd);
            return rd.u16();
        });
        byte[] off = point(curve, new BigInteger[] {BigInteger.ONE, BigInteger.ONE});
        both(zGen(a, off, qa, ECDH, c3));
        both(zGen(a, qb, off, ECDH, c3));
        both(zGen(a, qb, qa, ECMQV, c3));
        both(zGen(a, qb, qa, NULL, c3));
        both(zGen(a, qb, qa, 0x0018, c3));
        both(zGen(a, EMPTY_POINT, qa, ECDH, c3));
        both(zGen(a, new byte[] {0, 0}, qa, ECDH, c3));
        both(ecEphemeral(0x0040));
        both(ecEphemeral(0x0010));
        int signer = loadKey(curve, da, SIGN, NULL);
        both(zGen(signer, qb, qa, ECDH, c3));
        both(zGen(a, qb, qa, ECDH, c3));
        both(zGen(a, qb, qa, ECDH, c3));
    }
}
