package io.jvtpm.engine.peer;

import static io.jvtpm.engine.TpmTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWriter;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Symmetric-key MACs and modes on the engine and on libtpms in-process, byte for byte (TPM 2.0
 * Library Part 3, 15.6 MAC and 17.2 MAC_Start with TPM_ALG_CMAC and with HMAC, 15.2
 * EncryptDecrypt and 15.3 EncryptDecrypt2 in CTR, OFB, CBC, CFB and ECB): SYMCIPHER and KEYEDHASH
 * keys from known secrets (LoadExternal in the NULL hierarchy), every answer compared whole,
 * including the response codes of a wrong scheme, an unknown one and a key that may not sign.
 */
@Tag("peer")
class MacDifferentialTest {
    private static final AuthCommand PASSWORD = AuthCommand.password(new byte[0]);
    private static final int NULL = TpmAlgId.NULL.value();
    private static final int CMAC = TpmAlgId.CMAC.value();
    private static final int SHA256 = TpmAlgId.SHA256.value();

    /** LoadExternal of a SYMCIPHER (0x25) or KEYEDHASH (0x08) key with a known secret. */
    private static byte[] loadExternal(int type, int attributes, int bitsOrScheme, int mode, byte[] secret)
            throws Exception {
        byte[] seed = new byte[32];
        seed[0] = (byte) type;
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(seed);
        byte[] unique = md.digest(secret);
        TpmWriter pub = new TpmWriter(128);
        pub.u16(type).u16(SHA256).u32(attributes).u16(0);
        if (type == 0x25) {
            pub.u16(0x0006).u16(bitsOrScheme).u16(mode);
        } else {
            pub.u16(bitsOrScheme);
            if (bitsOrScheme != NULL) {
                pub.u16(SHA256);
            }
        }
        pub.tpm2b(unique);
        TpmWriter sens = new TpmWriter(128);
        sens.u16(type).u16(0).tpm2b(seed).tpm2b(secret);
        return CommandBuilder.of(TpmCc.LOAD_EXTERNAL).tpm2b(sens.toByteArray()).tpm2b(pub.toByteArray())
                .u32(TpmRh.NULL.value()).build();
    }

    private static byte[] mac(int key, byte[] data, int scheme) {
        return CommandBuilder.of(TpmCc.HMAC).handle(key).auth(PASSWORD).tpm2b(data).u16(scheme).build();
    }

    private static byte[] macStart(int key, int scheme) {
        return CommandBuilder.of(TpmCc.HMAC_START).handle(key).auth(PASSWORD).tpm2b(new byte[0]).u16(scheme).build();
    }

    private static byte[] encryptDecrypt(int key, boolean decrypt, int mode, byte[] iv, byte[] data) {
        return CommandBuilder.of(TpmCc.ENCRYPT_DECRYPT).handle(key).auth(PASSWORD).u8(decrypt ? 1 : 0).u16(mode)
                .tpm2b(iv).tpm2b(data).build();
    }

    private static byte[] encryptDecrypt2(int key, boolean decrypt, int mode, byte[] iv, byte[] data) {
        return CommandBuilder.of(TpmCc.ENCRYPT_DECRYPT2).handle(key).auth(PASSWORD).tpm2b(data)
                .u8(decrypt ? 1 : 0).u16(mode).tpm2b(iv).build();
    }

    @Test
    void macsAndModesMatchLibtpms() throws Exception {
        LibTpms.require();
        byte[] aes128 = HexFormat.of().parseHex("2b7e151628aed2a6abf7158809cf4f3c");
        byte[] aes256 = HexFormat.of().parseHex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
        int signDecrypt = 0x00060440;
        int base = 0x80000000;
        List<byte[]> script = new ArrayList<>();
        // three object slots: two keys and a sequence at a time
        script.add(loadExternal(0x25, signDecrypt, 128, NULL, aes128)); // base + 0
        script.add(loadExternal(0x25, signDecrypt, 256, NULL, aes256)); // base + 1
        byte[][] messages = {new byte[0], "sixteen bytes!!!".getBytes(), new byte[40], new byte[1024]};
        for (int k : new int[] {0, 1}) {
            for (byte[] m : messages) {
                script.add(mac(base + k, m, CMAC));
                script.add(mac(base + k, m, NULL));
            }
        }
        int seq = base + 2;
        script.add(macStart(base, CMAC));
        script.add(TpmCommands.sequenceUpdate(seq, new byte[0], "part one, ".getBytes()));
        script.add(TpmCommands.sequenceUpdate(seq, new byte[0], new byte[100]));
        script.add(TpmCommands.sequenceComplete(seq, new byte[0], "the end".getBytes(), TpmRh.OWNER));
        script.add(macStart(base + 1, CMAC));
        script.add(TpmCommands.sequenceComplete(seq, new byte[0], new byte[0], TpmRh.NULL));
        // wrong and unknown schemes, the key's own mode, a key that may not sign, HMAC keys,
        // a key whose mode is CMAC (it MACs without a scheme and encrypts nothing)
        List<byte[]> others = List.of(loadExternal(0x25, signDecrypt, 128, 0x0043, aes128),
                loadExternal(0x25, 0x00020440, 128, NULL, aes128),
                loadExternal(0x08, 0x00040440, 0x0005, NULL, new byte[32]),
                loadExternal(0x08, 0x00040440, NULL, NULL, new byte[32]),
                loadExternal(0x25, 0x00040440, 256, CMAC, aes256));
        script.add(TpmCommands.flushContext(base + 1));
        for (byte[] load : others) {
            script.add(load);
            for (int scheme : new int[] {CMAC, NULL, SHA256, 0x0004, 0x0099, 0x0043}) {
                script.add(mac(base + 1, "x".getBytes(), scheme));
                script.add(macStart(base + 1, scheme));
                script.add(TpmCommands.flushContext(seq));
            }
            script.add(encryptDecrypt(base + 1, false, NULL, new byte[16], new byte[16]));
            script.add(TpmCommands.flushContext(base + 1));
        }
        script.add(loadExternal(0x25, signDecrypt, 256, NULL, aes256)); // base + 1 again
        byte[] iv = HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
        byte[] ivEnd = HexFormat.of().parseHex("fffffffffffffffffffffffffffffffe");
        for (int mode : new int[] {0x0040, 0x0041, 0x0042, 0x0043, 0x0044, NULL, 0x003F}) {
            for (int len : new int[] {16, 20, 33, 64}) {
                byte[] data = new byte[len];
                for (int i = 0; i < len; i++) {
                    data[i] = (byte) (i * 7 + mode);
                }
                for (boolean decrypt : new boolean[] {false, true}) {
                    script.add(encryptDecrypt(base, decrypt, mode, mode == 0x0044 ? new byte[0] : iv, data));
                    script.add(encryptDecrypt2(base + 1, decrypt, mode, mode == 0x0044 ? new byte[0] : ivEnd, data));
                }
                // ECB takes no IV, the others a whole block
                script.add(encryptDecrypt(base, false, mode, mode == 0x0044 ? iv : new byte[8], data));
            }
        }
        try (LibTpms peer = LibTpms.start()) {
            InProcessBackend engine = TpmTestSupport.started(41);
            assertEquals(0, TpmTestSupport.rc(peer.process(TpmCommands.startup(TpmSu.CLEAR))));
            int nonzero = 0;
            for (byte[] c : script) {
                String expected = hex(TpmTestSupport.untilNotRetry(peer::process, c));
                String actual = hex(TpmTestSupport.untilNotRetry(cmd -> engine.execute(0, cmd), c));
                assertEquals(expected, actual, "command " + hex(c));
                nonzero += TpmResponse.parse(HexFormat.of().parseHex(actual)).rc() != 0 ? 1 : 0;
            }
            // the successes the script is built for: MACs, sequences, encryptions in five modes
            assertTrue(script.size() - nonzero >= 90, nonzero + " refusals of " + script.size());
        }
    }
}
