package io.jvtpm.ppi.smi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.ppi.exec.PpiExecutor;
import io.jvtpm.ppi.page.PpiPage;
import io.jvtpm.ppi.policy.PpiPolicy;
import java.lang.reflect.Proxy;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PpiSmiHandlerTest {

    /** The SMI path never talks to the TPM; any call fails the test. */
    private static final TpmBackend NO_TPM = (TpmBackend) Proxy.newProxyInstance(
            TpmBackend.class.getClassLoader(), new Class<?>[] {TpmBackend.class}, (p, m, a) -> {
                throw new AssertionError("TPM used by the SMI handler: " + m.getName());
            });

    private final PpiPage page = PpiPage.allocate();

    private PpiSmiHandler handler(PpiPolicy policy) {
        return new PpiSmiHandler(PpiExecutor.builder(page, NO_TPM).policy(policy).build());
    }

    private long call(PpiSmiHandler h, int function, long op, long param) {
        page.setPpip(function);
        page.setSmiRequest(op);
        page.setSmiParameter(param);
        page.setFret(0xDEAD);
        h.onSmi(PpiSmiHandler.DEFAULT_COMMAND);
        return page.fret();
    }

    /** Submit (2) and submit 2 (7) per policy: accepted requests land in PPRQ/PPRM, refused ones do not. */
    @ParameterizedTest
    @CsvSource({
        // policy, fn, op, param, FRET, PPRQ, PPRM
        "confirm, 2, 5, 0, 0, 5, 0",
        "confirm, 7, 5, 9, 0, 5, 9",
        "deny,    2, 5, 0, 1, 77, 77",
        "deny,    7, 5, 0, 3, 77, 77",
        "deny,    7, 17, 0, 0, 17, 0",
        "allow,   2, 1, 0, 1, 77, 77",
        "allow,   7, 34, 0, 1, 77, 77",
        "allow,   7, 256, 0, 1, 77, 77",
        "allow,   7, 23, 2, 0, 23, 2",
        "allow,   7, 23, 0, 2, 77, 77",
        "allow,   7, 23, 0x20, 2, 77, 77",
        "allow,   2, 23, 2, 2, 77, 77",
        "allow,   2, 0, 0, 0, 0, 0",
    })
    void submit(String policy, int fn, long op, long param, long fret, long pprq, long pprm) {
        PpiSmiHandler h = handler(PpiPolicy.parse(policy));
        page.setPprq(77);
        page.setPprm(77);
        assertEquals(fret, call(h, fn, op, param));
        assertEquals(pprq, page.pprq());
        assertEquals(pprm, page.pprm());
    }

    @ParameterizedTest
    @CsvSource({"confirm, 5, 3", "allow, 5, 4", "deny, 5, 2", "deny, 26, 4", "confirm, 1, 0", "confirm, 300, 0"})
    void confirmationStatus(String policy, long op, long status) {
        assertEquals(status, call(handler(PpiPolicy.parse(policy)), 8, op, 0));
    }

    @Test
    void otherSmiValuesAndUnknownFunctionsAreHandledQuietly() {
        PpiSmiHandler h = handler(PpiPolicy.ALLOW);
        page.setPpip(2);
        page.setSmiRequest(5);
        page.setFret(0xDEAD);
        h.onSmi(0x02);
        assertEquals(0xDEAD, page.fret(), "not our SMI");
        assertEquals(0, page.pprq());
        assertEquals(2, call(h, 99, 5, 0));
        Random rnd = new Random(7);
        for (int i = 0; i < 1000; i++) {
            byte[] junk = new byte[PpiPage.SIZE];
            rnd.nextBytes(junk);
            page.buffer().put(junk);
            h.onSmi(PpiSmiHandler.DEFAULT_COMMAND);
        }
    }
}
