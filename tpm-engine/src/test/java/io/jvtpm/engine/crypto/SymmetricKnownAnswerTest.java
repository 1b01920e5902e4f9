package io.jvtpm.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Known answers for AES-CMAC (RFC 4493, section 4, with AES-128) and for the CTR and OFB modes
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
        running.update(PLAIN, 7, 33);
        assertArrayEquals(hex("dfa66747de9ae63030ca32611497c827"), running.finish());
    }

    @Test
    void ctrSp80038a() {
        byte[] iv = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
        byte[] expected = hex("874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
                + "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee");
        byte[] ct = SymCipher.CTR.apply(true, KEY, iv, PLAIN);
        assertArrayEquals(expected, ct);
        assertArrayEquals(PLAIN, SymCipher.CTR.apply(false, KEY, iv, ct));
        assertArrayEquals(hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdff03"), SymCipher.CTR.nextIv(true, KEY, iv, PLAIN, ct));
        // a partial last block still uses up its counter value; the counter wraps at 2^128
        byte[] part = Arrays.copyOf(PLAIN, 20);
        assertArrayEquals(hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdff01"),
                SymCipher.CTR.nextIv(true, KEY, iv, part, SymCipher.CTR.apply(true, KEY, iv, part)));
        byte[] last = hex("ffffffffffffffffffffffffffffffff");
        assertArrayEquals(hex("00000000000000000000000000000001"),
                SymCipher.CTR.nextIv(true, KEY, last, part, SymCipher.CTR.apply(true, KEY, last, part)));
    }

    @Test
    void ofbSp80038a() {
        byte[] iv = hex("000102030405060708090a0b0c0d0e0f");
        byte[] expected = hex("3b3fd92eb72dad20333449f8e83cfb4a7789508d16918f03f53c52dac54ed825"
                + "9740051e9c5fecf64344f7a82260edcc304c6528f659c77866a510d9c1d6ae5e");
        byte[] ct = SymCipher.OFB.apply(true, KEY, iv, PLAIN);
        assertArrayEquals(expected, ct);
        assertArrayEquals(PLAIN, SymCipher.OFB.apply(false, KEY, iv, ct));
        // the next IV is the last output block of the key stream (ciphertext XOR plaintext of block 4)
        assertArrayEquals(hex("c6d3416d29165c6fcb8e51a227ba994e"), SymCipher.OFB.nextIv(false, KEY, iv, ct, PLAIN));
        byte[] part = Arrays.copyOf(PLAIN, 20);
        assertArrayEquals(hex("d9a4dada0892239f6b8b3d7680e15674"),
                SymCipher.OFB.nextIv(true, KEY, iv, part, SymCipher.OFB.apply(true, KEY, iv, part)));
    }
}
