package io.jvtpm.ppi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.acpi.aml.Asl;
import io.jvtpm.ppi.aml.PpiAml;
import io.jvtpm.ppi.page.PpiPage;
import io.jvtpm.ppi.page.PpiResponse;
import io.jvtpm.ppi.policy.PpiPolicy;
import io.jvtpm.ppi.smi.PpiSmiHandler;
import io.jvtpm.engine.testing.FakeTpm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PpiDeviceTest {

    @Test
    void smiDeviceWiresPageHandlerExecutorAndAml(@TempDir Path dir) {
        FakeTpm tpm = new FakeTpm();
        AtomicInteger clears = new AtomicInteger();
        PpiDevice d = PpiDevice.builder(tpm).transport(PpiTransport.SMI).smiCommand(0x5C)
                .policy(PpiPolicy.ALLOW).stateDirectory(dir).memoryClearer(clears::incrementAndGet).build();
        assertEquals(0x5C, d.smiCommand());
        assertTrue(d.memory().capacity() >= PpiPage.SIZE);
        assertEquals(Asl.encode(PpiAml.deviceTerms(PpiTransport.SMI, 0x5C)).length, Asl.encode(d.aml()).length);

        PpiPage p = d.page();
        p.setPpip(PpiSmiHandler.FN_SUBMIT_2);
        p.setSmiRequest(18);
        d.onSmi(PpiSmiHandler.DEFAULT_COMMAND);
        assertEquals(0, p.pprq(), "another SMI value is not ours");
        d.onSmi(0x5C);
        assertEquals(18, p.pprq());
        p.setMovv(1);
        assertEquals(PpiResponse.SUCCESS, d.onReset().orElseThrow().response());
        assertEquals(1, clears.get());
        assertTrue(Files.exists(dir.resolve("ppi-flags")));
    }

    @Test
    void memoryDeviceIgnoresSmiAndNeedsAMemoryClearHook() {
        FakeTpm tpm = new FakeTpm();
        PpiDevice d = PpiDevice.builder(tpm).memoryClearer(() -> { }).build();
        d.page().setPpip(PpiSmiHandler.FN_SUBMIT_2);
        d.page().setSmiRequest(5);
        d.onSmi(PpiSmiHandler.DEFAULT_COMMAND);
        assertEquals(0, d.page().pprq());
        assertEquals(0, d.page().fret(), "no SMI answer with the memory transport");
        assertThrows(IllegalStateException.class, () -> PpiDevice.builder(tpm).build());
    }
}
