package io.jvtpm.engine.command;

import static io.jvtpm.engine.TpmTestSupport.hex;
import static io.jvtpm.engine.TpmTestSupport.rc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.crypto.Numbers;
import io.jvtpm.engine.testing.RsaPrimes;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmWriter;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guest input to the key commands (TPM 2.0 Library Part 3, 12 Object Commands; 14 RSA_Encrypt,
 * RSA_Decrypt, ECDH_KeyGen, ECDH_ZGen; 15 HMAC, EncryptDecrypt2; 20 Signing; 24.1 CreatePrimary)
 * never reaches an internal error: an external RSA key whose exponent has no inverse is refused
 * at LoadExternal (TPM_RC_BINDING), one below 7 with TPM_RC_VALUE, and mutated templates, keys
 * and operations get a response code, never TPM_RC_FAILURE (which would also have logged a stack
 * trace and put the TPM in failure mode).
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KeyCommandsRobustnessTest {
    private static final int SRK = 0x80000000;
    private static final int SIGNER = 0x80000001;
    /** The generator of NIST P-256, a point every P-256 key accepts. */
    private static final byte[] P256_GX = new BigInteger(
            "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296", 16).toByteArray();
    private static final byte[] P256_GY = new BigInteger(
            "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5", 16).toByteArray();
    private static final Set<Integer> LOADING = Set.of(TpmCc.CREATE_PRIMARY.value(), TpmCc.CREATE_LOADED.value(),
            TpmCc.LOAD_EXTERNAL.value(), TpmCc.LOAD.value());

    /** An unrestricted RSA-1024 signing key (RSASSA-SHA256) with {@code exponent}, for LoadExternal. */
    static byte[] rsaPublic(BigInteger n, int exponent) {
        TpmWriter w = new TpmWriter(256);
        w.u16(0x0001).u16(0x000B).u32(0x00040040).u16(0).u16(0x0010).u16(0x0014).u16(0x000B).u16(1024)
                .u32(exponent).tpm2b(Numbers.toBytes(n, 128));
        return w.toByteArray();
    }

    /** An unrestricted RSA-1024 decryption key without a scheme. */
    static byte[] rsaDecryptPublic(BigInteger n) {
        TpmWriter w = new TpmWriter(256);
        w.u16(0x0001).u16(0x000B).u32(0x00020040).u16(0).u16(0x0010).u16(0x0010).u16(1024).u32(0)
                .tpm2b(Numbers.toBytes(n, 128));
        return w.toByteArray();
    }

    static byte[] loadExternal(BigInteger[] pq, int exponent) {
        return loadExternal(pq, rsaPublic(pq[0].multiply(pq[1]), exponent));
    }

    static byte[] loadExternal(BigInteger[] pq, byte[] publicArea) {
        TpmWriter sens = new TpmWriter(128);
        sens.u16(0x0001).u16(0).u16(0).tpm2b(Numbers.toBytes(pq[0], 64));
        return CommandBuilder.of(TpmCc.LOAD_EXTERNAL).tpm2b(sens.toByteArray()).tpm2b(publicArea)
                .u32(TpmRh.NULL.value()).build();
    }

    /** A P-256 decryption (ECDH) key template. */
    static byte[] eccDecryptTemplate() {
        TpmWriter w = new TpmWriter(64);
        w.u16(0x0023).u16(0x000B).u32(0x00020072).u16(0).u16(0x0010).u16(0x0010).u16(0x0003).u16(0x0010)
                .u16(0).u16(0);
        return w.toByteArray();
    }

    static byte[] ecdhZGen(int key) {
        TpmWriter point = new TpmWriter(80);
        point.tpm2b(Numbers.toBytes(new BigInteger(1, P256_GX), 32))
                .tpm2b(Numbers.toBytes(new BigInteger(1, P256_GY), 32));
        return CommandBuilder.of(TpmCc.ECDH_ZGEN).handle(key).emptyPassword().tpm2b(point.toByteArray()).build();
    }

    static byte[] rsaDecrypt(int key, byte[] cipherText) {
        return CommandBuilder.of(TpmCc.RSA_DECRYPT).handle(key).emptyPassword().tpm2b(cipherText).u16(0x0017)
                .u16(0x000B).u16(0).build();
    }

    static byte[] sign(int key, byte[] digest) {
        return CommandBuilder.of(TpmCc.SIGN).handle(key).emptyPassword().tpm2b(digest).u16(0x0010)
                .u16(0x8024).u32(TpmRh.NULL.value()).u16(0).build();
    }

    /** The TPM is not in failure mode: GetTestResult answers testResult TPM_RC_SUCCESS. */
    static void assertHealthy(InProcessBackend tpm) {
        byte[] r = tpm.execute(0, CommandBuilder.of(TpmCc.GET_TEST_RESULT).build());
        assertEquals(0, rc(r), () -> hex(r));
        assertEquals(0, TpmWire.u32(r, r.length - 4), () -> "testResult of " + hex(r));
    }

    @Test
    void externalKeysWithoutAPrivateExponentAreRefusedAndSignNeverFails() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("robust".getBytes());
        try (InProcessBackend tpm = TpmTestSupport.started(41)) {
            BigInteger[] pq = RsaPrimes.of1024(1);
            for (int e : new int[] {8, 65536, 2, 0x7FFFFFFE}) {
                byte[] r = tpm.execute(0, loadExternal(pq, e));
                int want = e < 7 ? TpmRc.VALUE.param(2) : TpmRc.BINDING.value();
                assertEquals(want, rc(r), () -> "exponent " + e + ": " + hex(r));
            }
            for (int e : new int[] {0, 65537}) {
                byte[] loaded = tpm.execute(0, loadExternal(pq, e));
                assertEquals(0, rc(loaded), () -> hex(loaded));
                int handle = TpmWire.u32(loaded, 10);
                byte[] signed = TpmTestSupport.untilNotRetry(c -> tpm.execute(0, c), sign(handle, digest));
                assertEquals(0, rc(signed), () -> hex(signed));
                assertEquals(0, rc(tpm.execute(0, TpmCommands.flushContext(handle))));
            }
            assertHealthy(tpm);
        }
    }

    /**
     * The exponents of a DoS (an even one made the prime search loop for ever) get TPM_RC_RANGE
     * without a parameter number from every creation, as the reference's CryptRsaGenerateKey
     * answers (peer.TemplateDifferentialTest shows libtpms answers alike); 0 and 65537 make keys.
     */
    @Test
    void onlyZeroAndPrimesFrom65537MakeRsaKeys() {
        try (InProcessBackend tpm = TpmTestSupport.started(43)) {
            byte[] srk = tpm.execute(0, createPrimary(PrimaryKeysTest.eccTemplate(new byte[0]), new byte[0]));
            assertEquals(SRK, TpmWire.u32(srk, 10), () -> hex(srk));
            for (long e : new long[] {1, 2, 3, 4, 65535, 65536, 0xFFFFFFFFL, 0, 65537}) {
                TpmWriter w = new TpmWriter(64);
                w.u16(0x0001).u16(0x000B).u32(0x00040072).u16(0).u16(0x0010).u16(0x0010).u16(1024).u32((int) e)
                        .u16(0);
                byte[] template = w.toByteArray();
                int want = e == 0 || e == 65537 ? 0 : TpmRc.RANGE.value();
                byte[][] answers = {
                    tpm.execute(0, createPrimary(template, new byte[0])),
                    tpm.execute(0, create(template, new byte[0])),
                    tpm.execute(0, CommandBuilder.of(TpmCc.CREATE_LOADED).handle(SRK).emptyPassword().u16(4).u16(0)
                            .u16(0).tpm2b(template).build()),
                };
                for (byte[] r : answers) {
                    assertEquals(want, rc(r), () -> "exponent " + e + ": " + hex(r));
                }
                for (int i : new int[] {0, 2}) {
                    if (want == 0) {
                        assertEquals(0, rc(tpm.execute(0, TpmCommands.flushContext(TpmWire.u32(answers[i], 10)))));
                    }
                }
            }
            assertHealthy(tpm);
        }
    }

    /** Valid key commands a guest sends, the starting points of the mutations. */
    private static List<byte[]> seeds(BigInteger[] pq, byte[] digest) {
        TpmWriter ecc = new TpmWriter(64);
        ecc.u16(0x0023).u16(0x000B).u32(0x00040072).u16(0).u16(0x0010).u16(0x0018).u16(0x000B).u16(0x0003)
                .u16(0x0010).u16(0).u16(0);
        TpmWriter hmac = new TpmWriter(64);
        hmac.u16(0x0008).u16(0x000B).u32(0x00040072).u16(0).u16(0x0005).u16(0x000B).u16(0);
        TpmWriter aes = new TpmWriter(64);
        aes.u16(0x0025).u16(0x000B).u32(0x00020072).u16(0).u16(0x0006).u16(128).u16(0x0043).u16(0);
        TpmWriter sealed = new TpmWriter(64);
        sealed.u16(0x0008).u16(0x000B).u32(0x00000052).u16(0).u16(0x0010).u16(0);
        byte[] rsa = KeyGenerationCancelTest.rsaTemplate(1024, 1);
        return List.of(
                createPrimary(ecc.toByteArray(), new byte[0]),
                createPrimary(hmac.toByteArray(), new byte[0]),
                createPrimary(aes.toByteArray(), new byte[0]),
                createPrimary(rsa, new byte[0]),
                create(ecc.toByteArray(), new byte[0]),
                create(sealed.toByteArray(), "secret".getBytes()),
                CommandBuilder.of(TpmCc.CREATE_LOADED).handle(SRK).emptyPassword().u16(4).u16(0).u16(0)
                        .tpm2b(aes.toByteArray()).build(),
                loadExternal(pq, 0),
                CommandBuilder.of(TpmCc.LOAD_EXTERNAL).u16(0).tpm2b(rsaPublic(pq[0].multiply(pq[1]), 65537))
                        .u32(TpmRh.OWNER.value()).build(),
                sign(SIGNER, digest),
                CommandBuilder.of(TpmCc.RSA_ENCRYPT).handle(SIGNER).tpm2b(digest).u16(0x0015).u16(0).build(),
                CommandBuilder.of(TpmCc.VERIFY_SIGNATURE).handle(SIGNER).tpm2b(digest).u16(0x0014).u16(0x000B)
                        .tpm2b(new byte[128]).build(),
                CommandBuilder.of(TpmCc.READ_PUBLIC).handle(SIGNER).build(),
                createPrimary(eccDecryptTemplate(), new byte[0]),
                loadExternal(pq, rsaDecryptPublic(pq[0].multiply(pq[1]))));
    }

    static byte[] createPrimary(byte[] template, byte[] data) {
        return CommandBuilder.of(TpmCc.CREATE_PRIMARY).handle(TpmRh.OWNER).emptyPassword()
                .u16(4 + data.length).u16(0).tpm2b(data).tpm2b(template).u16(0).u32(0).build();
    }

    static byte[] create(byte[] template, byte[] data) {
        return CommandBuilder.of(TpmCc.CREATE).handle(SRK).emptyPassword()
                .u16(4 + data.length).u16(0).tpm2b(data).tpm2b(template).u16(0).u32(0).build();
    }

    /** One mutation after the 10-byte header (and auth area): a byte, a 16- or 32-bit field, a cut or an appendix. */
    private static byte[] mutate(Random rnd, byte[] seed) {
        byte[] c = seed.clone();
        int body = c.length - 10;
        switch (rnd.nextInt(5)) {
            case 0 -> c[10 + rnd.nextInt(body)] = (byte) rnd.nextInt(256);
            case 1 -> {
                int at = 10 + rnd.nextInt(body - 1);
                int[] edges = {0, 1, 0x10, 0xFFFF, 0x8000};
                int v = rnd.nextBoolean() ? rnd.nextInt(1 << 16) : edges[rnd.nextInt(edges.length)];
                c[at] = (byte) (v >>> 8);
                c[at + 1] = (byte) v;
            }
            case 2 -> {
                int at = 10 + rnd.nextInt(body - 3);
                int[] edges = {rnd.nextInt(), 2, 3, 8, 65536, -1, 0x10001};
                int v = edges[rnd.nextInt(edges.length)];
                c[at] = (byte) (v >>> 24);
                c[at + 1] = (byte) (v >>> 16);
                c[at + 2] = (byte) (v >>> 8);
                c[at + 3] = (byte) v;
            }
            case 3 -> c = java.util.Arrays.copyOf(c, 10 + rnd.nextInt(body));
            default -> {
                byte[] more = new byte[1 + rnd.nextInt(8)];
                rnd.nextBytes(more);
                byte[] d = java.util.Arrays.copyOf(c, c.length + more.length);
                System.arraycopy(more, 0, d, c.length, more.length);
                c = d;
            }
        }
        c[2] = (byte) (c.length >>> 24);
        c[3] = (byte) (c.length >>> 16);
        c[4] = (byte) (c.length >>> 8);
        c[5] = (byte) c.length;
        return c;
    }

    @Test
    void mutatedKeyCommandsNeverReachAnInternalError() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("mutations".getBytes());
        BigInteger[] pq = RsaPrimes.of1024(2);
        List<byte[]> seeds = seeds(pq, digest);
        Random rnd = new Random(20261207L);
        try (InProcessBackend tpm = TpmTestSupport.started(42)) {
            assertEquals(SRK, TpmWire.u32(tpm.execute(0, seeds.get(0).clone()), 10));
            // the SRK is an ECC signing key here: make a storage one in its place
            assertEquals(0, rc(tpm.execute(0, TpmCommands.flushContext(SRK))));
            byte[] srk = tpm.execute(0, createPrimary(PrimaryKeysTest.eccTemplate(new byte[0]), new byte[0]));
            assertEquals(0, rc(srk), () -> hex(srk));
            assertEquals(SRK, TpmWire.u32(srk, 10));
            byte[] signer = tpm.execute(0, loadExternal(pq, 0));
            assertEquals(0, rc(signer), () -> hex(signer));
            assertEquals(SIGNER, TpmWire.u32(signer, 10));
            int succeeded = 0;
            for (int i = 0; i < 8000; i++) {
                // an RSA template that still generates a key costs milliseconds: send it seldom
                byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
                if (seed == seeds.get(3) && rnd.nextInt(8) != 0) {
                    seed = seeds.get(0);
                }
                byte[] c = rnd.nextInt(10) == 0 ? seed.clone() : mutate(rnd, seed);
                byte[] r = tpm.execute(0, c);
                String what = hex(c) + " -> " + hex(r);
                assertTrue(r.length >= 10 && TpmWire.u32(r, 2) == r.length, what);
                assertNotEquals(TpmRc.FAILURE.value(), rc(r), what);
                if (rc(r) == 0) {
                    succeeded++;
                    if (LOADING.contains(TpmWire.u32(c, 6))) {
                        int h = TpmWire.u32(r, 10);
                        // whatever was loaded is used before it goes: a mutated key must not fail later, nor
                        // a mutated operation on a key that loaded
                        byte[][] uses = {sign(h, digest), CommandBuilder.of(TpmCc.RSA_ENCRYPT).handle(h)
                                .tpm2b(digest).u16(0x0010).u16(0).build(), rsaDecrypt(h, digest), ecdhZGen(h),
                                CommandBuilder.of(TpmCc.ECDH_KEYGEN).handle(h).build(),
                                mutate(rnd, rsaDecrypt(h, pq[1].toByteArray())), mutate(rnd, ecdhZGen(h)),
                                mutate(rnd, sign(h, digest)),
                                CommandBuilder.of(TpmCc.HMAC).handle(h).emptyPassword().tpm2b(digest).u16(0x0010)
                                        .build(),
                                mutate(rnd, CommandBuilder.of(TpmCc.ENCRYPT_DECRYPT2).handle(h).emptyPassword()
                                        .tpm2b(digest).u8(0).u16(0x0010).tpm2b(new byte[16]).build())};
                        for (byte[] use : uses) {
                            byte[] u = tpm.execute(0, use);
                            assertNotEquals(TpmRc.FAILURE.value(), rc(u), () -> what + " then " + hex(use));
                        }
                        assertEquals(0, rc(tpm.execute(0, TpmCommands.flushContext(h))), what);
                    }
                }
            }
            assertTrue(succeeded > 300, "some mutations still succeed: " + succeeded);
            assertHealthy(tpm);
        }
    }
}
