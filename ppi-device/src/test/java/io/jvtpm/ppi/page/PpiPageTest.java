package io.jvtpm.ppi.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PpiPageTest {

    /** Offsets as the guest's ASL lays them out: TPP2 at 0xFED45100 with PPIN,8 then five 32-bit fields. */
    @ParameterizedTest
    @CsvSource({
        "PPIN, 0x100", "PPIP, 0x101", "PPRP, 0x105", "PPRQ, 0x109", "PPRM, 0x10D", "LPPR, 0x111",
        "FRET, 0x115", "RES1, 0x119", "NEXT_STEP, 0x159", "MOVV, 0x15A"
    })
    void offsetsMatchQemusLayout(String field, String offset) throws Exception {
        int expected = Integer.decode(offset);
        assertEquals(expected, PpiPage.class.getField(field).getInt(null), field);
    }

    @Test
    void baseAndSize() {
        assertEquals(0xFED45000L, PpiPage.BASE);
        assertEquals(0x400, PpiPage.SIZE);
    }

    @Test
    void fieldsAreLittleEndianAndUnaligned() {
        PpiPage p = PpiPage.allocate();
        p.setPprq(0x11223344L);
        p.setPprm(0xFFFF_FFF1L);
        ByteBuffer b = p.buffer();
        assertEquals(0x44, b.get(0x109) & 0xFF);
        assertEquals(0x11, b.get(0x10C) & 0xFF);
        assertEquals(0x11223344L, p.pprq());
        assertEquals(0xFFFF_FFF1L, p.pprm());
        p.setLppr(23);
        p.setPprp(PpiResponse.BIOS_FAILURE.code());
        p.setFret(3);
        p.setPpip(7);
        p.setSmiRequest(23);
        p.setSmiParameter(2);
        p.setMovv(1);
        p.setNextStep(2);
        assertEquals(23, p.lppr());
        assertEquals(0xFFFF_FFF1L, p.pprp());
        assertEquals(3, p.fret());
        assertEquals(7, p.ppip());
        assertEquals(23, p.smiRequest());
        assertEquals(2, p.smiParameter());
        assertTrue(p.memoryClearRequested());
        assertEquals(2, p.nextStep());
        assertEquals(0x11223344L, p.pprq(), "neighbours untouched");
    }

    @Test
    void allocatedPageIsAlignedAndWrapSharesMemory() {
        PpiPage p = PpiPage.allocate();
        assertTrue(p.buffer().isDirect());
        assertTrue(p.buffer().capacity() >= PpiPage.SIZE);
        ByteBuffer guestRam = ByteBuffer.allocate(0x1000);
        PpiPage w = PpiPage.wrap(guestRam);
        guestRam.put(0x109, (byte) 5);
        assertEquals(5, w.pprq(), "the page reads what the guest wrote");
        w.setFunc(5, new PpiFunc(PpiFuncStatus.ALLOWED_PP_REQUIRED, PpiAction.REBOOT));
        assertEquals(0x13, guestRam.get(5));
        w.clear();
        assertEquals(0, guestRam.get(5));
    }

    @Test
    void wrapRejectsAShortBuffer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PpiPage.wrap(ByteBuffer.allocate(0x3FF)));
        assertTrue(e.getMessage().contains("1024"), e.getMessage());
    }

    @Test
    void funcByteOutsideTheTableIsZero() {
        PpiPage p = PpiPage.allocate();
        p.buffer().put(0x100, (byte) 0x55);
        assertEquals(0, p.funcByte(256));
        assertEquals(0, p.funcByte(-1));
        assertEquals(0, p.funcByte(0xFFFF_FFFFL));
    }

    @ParameterizedTest
    @CsvSource({"0, NOT_IMPLEMENTED, NONE", "0x13, ALLOWED_PP_REQUIRED, REBOOT", "0x14, ALLOWED_PP_NOT_REQUIRED, REBOOT",
        "0x0A, BLOCKED, SHUTDOWN", "0x19, BIOS_ONLY, VENDOR", "0x07, NOT_IMPLEMENTED, NONE", "0xE4, ALLOWED_PP_NOT_REQUIRED, NONE"})
    void funcBytesDecode(String value, PpiFuncStatus status, PpiAction action) {
        PpiFunc f = PpiFunc.decode(Integer.decode(value));
        assertEquals(status, f.status());
        assertEquals(action, f.action());
    }

    @Test
    void responseCodes() {
        assertEquals(0L, PpiResponse.SUCCESS.code());
        assertEquals(0xFFFFFFF0L, PpiResponse.USER_ABORT.code());
        assertEquals(0xFFFFFFF1L, PpiResponse.BIOS_FAILURE.code());
    }
}
