package io.jvtpm.engine.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.testing.ResponseAuth;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSe;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.TpmaSession;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A policy session after TPM2_PolicyPassword (TPM 2.0 Library Part 3, 23.18; Part 1, 19.7.9):
 * its HMAC field carries the authValue in clear. Unseal of a sealed object whose authPolicy is
 * PolicyPassword, with the right and a wrong password, side by side with libtpms in process.
 */
@Tag("peer")
class PolicyPasswordDifferentialTest {
    private static final byte[] PASSWORD = "sealed-pw".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SECRET = "the secret".getBytes(StandardCharsets.US_ASCII);
    /** TPMA_OBJECT fixedTPM, fixedParent, noDA: a sealed data object the USER role reaches by policy only. */
    private static final int SEALED_ATTRIBUTES = 0x0000_0412;

    static final Map<String, Integer> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("sealed object with authPolicy PolicyPassword", 0);
        EXPECTED.put("PolicyPassword", 0);
        EXPECTED.put("Unseal with the password in clear (1: the secret)", 1);
        EXPECTED.put("Unseal with a wrong password", TpmRc.BAD_AUTH.session(1));
        EXPECTED.put("Unseal with the password's HMAC instead", TpmRc.BAD_AUTH.session(1));
    }

    @Test
    void sameAnswersAsLibtpms() {
        var both = LibTpms.sideBySide(13, PolicyPasswordDifferentialTest::run);
        assertEquals(both.get(0).toString(), both.get(1).toString());
        assertEquals(EXPECTED.toString(), both.get(0).toString());
    }

    static Map<String, Integer> run(UnaryOperator<byte[]> tpm) {
        Map<String, Integer> out = new LinkedHashMap<>();
        // PolicyPassword extends with TPM_CC_PolicyAuthValue (Part 3, 23.18)
        byte[] policy = HashAlgorithm.SHA256.digest(new byte[32], TpmWire.u32Bytes(TpmCc.POLICY_AUTH_VALUE.value()));
        byte[] template = new TpmWriter(64).u16(TpmAlgId.KEYEDHASH.value()).u16(TpmAlgId.SHA256.value())
                .u32(SEALED_ATTRIBUTES).tpm2b(policy).u16(TpmAlgId.NULL.value()).u16(0).toByteArray();
        byte[] r = tpm.apply(CommandBuilder.of(TpmCc.CREATE_PRIMARY).handle(TpmRh.OWNER).emptyPassword()
                .u16(4 + PASSWORD.length + SECRET.length).tpm2b(PASSWORD).tpm2b(SECRET)
                .tpm2b(template).u16(0).u32(0).build());
        out.put("sealed object with authPolicy PolicyPassword", TpmWire.responseCode(r));
        int sealed = TpmWire.u32(r, TpmWire.HEADER_SIZE);
        for (String what : new String[] {"Unseal with the password in clear (1: the secret)",
                "Unseal with a wrong password", "Unseal with the password's HMAC instead"}) {
            ClientSession s = ClientSession.start(tpm, TpmSe.POLICY, 0);
            out.putIfAbsent("PolicyPassword", TpmWire.responseCode(
                    tpm.apply(CommandBuilder.of(TpmCc.POLICY_PASSWORD).handle(s.handle()).build())));
            byte[] field = what.contains("clear") ? PASSWORD
                    : what.contains("wrong") ? "other".getBytes(StandardCharsets.US_ASCII)
                    : HashAlgorithm.SHA256.digest(PASSWORD);
            r = tpm.apply(CommandBuilder.of(TpmCc.UNSEAL).handle(sealed)
                    .auth(new AuthCommand(s.handle(), new byte[16], 0, field)).build());
            int rc = TpmWire.responseCode(r);
            out.put(what, rc == 0 && Arrays.equals(SECRET, new io.jvtpm.engine.wire.TpmReader(
                    ResponseAuth.parameters(r, 0), 0, 2 + SECRET.length).tpm2b(128)) ? 1 : rc);
            if (rc != 0) {
                tpm.apply(io.jvtpm.engine.wire.TpmCommands.flushContext(s.handle()));
            }
        }
        return out;
    }
}
