package io.jvtpm.engine.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.testing.ResponseAuth;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmSe;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmaSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
    void anEncryptOnlySessionsResponseHmac() {
        InProcessBackend tpm = TpmTestSupport.started(43);
        ClientSession s = ClientSession.start(c -> tpm.execute(0, c), TpmSe.HMAC, 128);
        int attrs = TpmaSession.ENCRYPT | TpmaSession.CONTINUE_SESSION;
        byte[] r = tpm.execute(0,
                CommandBuilder.of(TpmCc.GET_RANDOM).auth(s.nextNonceCaller().auth(attrs, new byte[0])).u16(8).build());
        assertEquals(0, TpmTestSupport.rc(r));
        assertEquals(0, ResponseAuth.parse(r, 0).get(0).hmac().length, "empty key, empty HMAC");
        s.update(r, 0, 0);

        byte[] cp = s.cpHash(TpmCc.GET_RANDOM, List.of(), new byte[] {0, 8});
        s.nextNonceCaller();
        r = tpm.execute(0, CommandBuilder.of(TpmCc.GET_RANDOM)
                .auth(s.auth(attrs, s.commandHmac(new byte[0], cp, null, null, attrs))).u16(8).build());
        assertEquals(0, TpmTestSupport.rc(r));
        ResponseAuth session = ResponseAuth.parse(r, 0).get(0);
        s.nonceTpm(session.nonceTpm());
        int parameterSize = TpmWire.u32(r, TpmWire.HEADER_SIZE);
        byte[] parameters = Arrays.copyOfRange(r, TpmWire.HEADER_SIZE + 4, TpmWire.HEADER_SIZE + 4 + parameterSize);
        byte[] rp = s.rpHash(0, TpmCc.GET_RANDOM.value(), parameters);
        assertArrayEquals(s.responseHmac(new byte[0], rp, attrs), session.hmac());
    }
}
