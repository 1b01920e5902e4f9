package io.jvtpm.engine.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmSe;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmaSession;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The session rules of TPM 2.0 Library Part 1, 19.6 and 21 on the engine: each scenario of
 * {@link SessionScenarios} gets the response code the spec (and libtpms) gives it.
 */
class SessionRulesTest {
    @Test
    void eachScenarioGetsItsResponseCode() {
        InProcessBackend tpm = TpmTestSupport.started(41);
        Map<String, Integer> got = SessionScenarios.run(c -> tpm.execute(0, c));
        List<String> wrong = new ArrayList<>();
        SessionScenarios.EXPECTED.forEach((name, rc) -> {
            if (!rc.equals(got.get(name))) {
                wrong.add(name + ": 0x" + Integer.toHexString(got.getOrDefault(name, -1)) + ", expected 0x"
                        + Integer.toHexString(rc));
            }
        });
        assertEquals(SessionScenarios.EXPECTED.keySet(), got.keySet());
        assertEquals(List.of(), wrong);
    }

    /**
     * The response HMAC of a session that authorizes nothing (Part 1, 19.6.6): keyed with its
     * sessionKey, here empty; with an empty key it is empty when the command's HMAC was, else
     * HMAC(key, rpHash || nonceTPM || nonceCaller || sessionAttributes).
     */
    @Test
    void anEncryptOnlySessionsResponseHmac() throws Exception {
        InProcessBackend tpm = TpmTestSupport.started(43);
        ScenarioSession s = ScenarioSession.start(c -> tpm.execute(0, c), TpmSe.HMAC, 128);
        int attrs = TpmaSession.ENCRYPT | TpmaSession.CONTINUE_SESSION;
        byte[] n = s.nextNonce();
        byte[] r = tpm.execute(0,
                CommandBuilder.of(TpmCc.GET_RANDOM).auth(s.auth(n, attrs, new byte[0])).u16(8).build());
        assertEquals(0, TpmTestSupport.rc(r));
        assertEquals(0, ScenarioSession.responseSessions(r, 0).get(0)[2].length, "empty key, empty HMAC");
        s.update(r, 0, 0);

        n = s.nextNonce();
        byte[] cp = ScenarioSession.cpHash(TpmCc.GET_RANDOM, List.of(), new byte[] {0, 8});
        r = tpm.execute(0, CommandBuilder.of(TpmCc.GET_RANDOM).auth(s.auth(n, attrs, s.hmac(new byte[0], cp, n, attrs)))
                .u16(8).build());
        assertEquals(0, TpmTestSupport.rc(r));
        byte[][] session = ScenarioSession.responseSessions(r, 0).get(0);
        int parameterSize = TpmWire.u32(r, TpmWire.HEADER_SIZE);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(new byte[4]);
        md.update(TpmWire.u32Bytes(TpmCc.GET_RANDOM.value()));
        md.update(r, TpmWire.HEADER_SIZE + 4, parameterSize);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[1], "HmacSHA256"));
        mac.update(md.digest());
        mac.update(session[0]);
        mac.update(n);
        mac.update((byte) attrs);
        assertArrayEquals(mac.doFinal(), session[2]);
    }
}
