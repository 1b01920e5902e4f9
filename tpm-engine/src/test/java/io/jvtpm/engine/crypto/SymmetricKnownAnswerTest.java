package io.jvtpm.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Known answers for AES-CMAC (RFC 4493, section 4, with AES-128; SP 800-38B D.3 with AES-256) and for the CTR and OFB modes
 * with the IV TPM2_EncryptDecrypt returns after them (NIST SP 800-38A, F.5.1 and F.4.1).
 */
class SymmetricKnownAnswerTest {
    private static final byte[] KEY = hex("2b7e151628aed2a6abf7158809cf4f3c");
    private static final byte[] PLAIN = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
            + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void cmacRfc4493() {
        assertArrayEquals(hex("bb1d6929e95937287fa37d129b756746"), Cmac.compute(KEY, new byte[0]));
        assertArrayEquals(hex("070a16b46b4d4144f79bdd9dd04a287c"), Cmac.compute(KEY, Arrays.copyOf(PLAIN, 16)));
        assertArrayEquals(hex("dfa66747de9ae63030ca32611497c827"), Cmac.compute(KEY, Arrays.copyOf(PLAIN, 40)));
        assertArrayEquals(hex("51f0bebf7e3b9d92fc49741779363cfe"), Cmac.compute(KEY, PLAIN));
        Cmac running = new Cmac(KEY);
        running.update(PLAIN, 0, 7);
        running.update(PLAIN, 7, 25);
        // the running state is the chaining value and the held-back block: resumed, it goes on
        Cmac resumed = Cmac.resume(running.key(), running.chain(), running.pending());
        assertArrayEquals(hex("070a16b46b4d4144f79bdd9dd04a287c"), Cmac.resume(KEY, new byte[16],
                Arrays.copyOf(PLAIN, 16)).finish());
        running.update(PLAIN, 32, 8);
        resumed.update(PLAIN, 32, 8);
        assertArrayEquals(hex("dfa66747de9ae63030ca32611497c827"), running.finish());
        assertArrayEquals(hex("dfa66747de9ae63030ca32611497c827"), resumed.finish());
        Cmac k256 = new Cmac(hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"));
        k256.update(PLAIN, 0, 64);
        assertArrayEquals(hex("e1992190549f6ed5696a2c056c315410"), k256.finish());
    }

    /**
     * CTR (F.5.1; a partial last block still uses up its counter value, and the counter wraps at
     * 2^128) and OFB (F.4.1; the next IV is the last key-stream block, ciphertext XOR plaintext).
     */
    @ParameterizedTest
    @CsvSource({
        "CTR, f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff, 874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
                + "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee, f0f1f2f3f4f5f6f7f8f9fafbfcfdff03,"
                + "f0f1f2f3f4f5f6f7f8f9fafbfcfdff01",
        "CTR, ffffffffffffffffffffffffffffffff, , , 00000000000000000000000000000001",
        "OFB, 000102030405060708090a0b0c0d0e0f, 3b3fd92eb72dad20333449f8e83cfb4a7789508d16918f03f53c52dac54ed825"
                + "9740051e9c5fecf64344f7a82260edcc304c6528f659c77866a510d9c1d6ae5e, c6d3416d29165c6fcb8e51a227ba994e,"
                + "d9a4dada0892239f6b8b3d7680e15674",
    })
    void sp80038a(SymCipher mode, String ivHex, String expected, String nextIv, String ivAfter20) {
        byte[] iv = hex(ivHex);
        if (expected != null) {
            byte[] ct = mode.apply(true, KEY, iv, PLAIN);
            assertArrayEquals(hex(expected), ct);
            assertArrayEquals(PLAIN, mode.apply(false, KEY, iv, ct));
            assertArrayEquals(hex(nextIv), mode.nextIv(true, KEY, iv, PLAIN, ct));
            assertArrayEquals(hex(nextIv), mode.nextIv(false, KEY, iv, ct, PLAIN));
        }
        byte[] part = Arrays.copyOf(PLAIN, 20);
        assertArrayEquals(hex(ivAfter20), mode.nextIv(true, KEY, iv, part, mode.apply(true, KEY, iv, part)));
    }
}
