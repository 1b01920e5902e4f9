package io.jvtpm.examples.boot.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResetAndPowerTest {

    private final List<String> events = new ArrayList<>();
    private final PlatformEvents sink = new PlatformEvents() {
        @Override
        public void reset(ResetCause cause) {
            events.add("reset " + cause);
        }

        @Override
        public void powerOff() {
            events.add("off");
        }
    };

    @Test
    void keyboardControllerPulseResets() {
        KeyboardControllerReset kbc = new KeyboardControllerReset(sink);
        assertEquals(0, kbc.read(4, 1) & 0x02, "input buffer empty: kb_wait returns");
        kbc.write(4, 1, 0xAD);
        kbc.write(4, 1, 0xFE);
        assertEquals(List.of("reset KEYBOARD_CONTROLLER"), events);
    }

    @Test
    void keyboardControllerOutputPortResets() {
        KeyboardControllerReset kbc = new KeyboardControllerReset(sink);
        kbc.write(4, 1, 0xD1);
        kbc.write(0, 1, 0xDF);
        assertEquals(List.of(), events, "bit 0 set: the CPU keeps running");
        kbc.write(4, 1, 0xD1);
        kbc.write(0, 1, 0xDE);
        assertEquals(List.of("reset KEYBOARD_CONTROLLER"), events);
        kbc.write(0, 1, 0x00);
        assertEquals(1, events.size(), "a data byte without 0xD1 is no reset");
    }

    @ParameterizedTest
    @CsvSource({"0x02, 0x06, RESET_CONTROL_HARD", "0x00, 0x0E, RESET_CONTROL_FULL", "0x00, 0x04, RESET_CONTROL_SOFT"})
    void resetControlStartsOnRstCpuRisingEdge(String first, String second, ResetCause cause) {
        ResetControl cf9 = new ResetControl(sink);
        cf9.write(0, 1, Integer.decode(first));
        assertEquals(List.of(), events);
        cf9.write(0, 1, Integer.decode(second));
        assertEquals(List.of("reset " + cause), events);
        assertEquals(Integer.decode(second) & 0x0A, cf9.read(0, 1), "RST_CPU does not read back");
    }

    @Test
    void pm1ControlPowersOffOnS5Only() {
        AcpiPm1Block pm = new AcpiPm1Block(AcpiPm1Block.DEFAULT_BASE, 5, sink);
        assertEquals(1, pm.read(AcpiPm1Block.PM1_CNT, 2) & 1, "SCI_EN reads 1");
        pm.write(AcpiPm1Block.PM1_CNT, 2, (1 << 10) | 0x2000);
        assertEquals(List.of(), events, "S1 is not offered");
        pm.write(AcpiPm1Block.PM1_CNT, 2, (5 << 10));
        assertEquals(List.of(), events, "SLP_TYP without SLP_EN");
        assertEquals(5 << 10 | 1, pm.read(AcpiPm1Block.PM1_CNT, 2), "SLP_TYP reads back, SLP_EN does not");
        pm.write(AcpiPm1Block.PM1_CNT, 2, (5 << 10) | 0x2000);
        assertEquals(List.of("off"), events);
    }

    @Test
    void pm1ByteWritesReachSlpEn() {
        AcpiPm1Block pm = new AcpiPm1Block(0x600, 0, sink);
        pm.write(AcpiPm1Block.PM1_CNT + 1, 1, 0x20);
        assertEquals(List.of("off"), events);
    }

    @Test
    void pm1StatusIsWriteOneToClearAndEnableKeepsValidBits() {
        AcpiPm1Block pm = new AcpiPm1Block(0x600, 0, sink);
        pm.write(AcpiPm1Block.PM1_EN, 2, 0xFFFF);
        assertEquals(AcpiPm1Block.EN_WRITABLE, pm.read(AcpiPm1Block.PM1_EN, 2));
        pm.write(AcpiPm1Block.PM1_STS, 2, 0xFFFF);
        assertEquals(0, pm.read(AcpiPm1Block.PM1_STS, 2));
        assertEquals(AcpiPm1Block.EN_WRITABLE << 16 | 0, pm.read(0, 4));
    }

    @Test
    void powerButtonRaisesTheSciOnlyWhileEnabledAndUntilTheOsClearsTheStatus() {
        List<Boolean> sci = new ArrayList<>();
        AcpiPm1Block pm = new AcpiPm1Block(0x600, 0, sink, sci::add);
        pm.pressPowerButton();
        assertEquals(AcpiPm1Block.STS_PWRBTN, pm.read(AcpiPm1Block.PM1_STS, 2), "PWRBTN_STS latched");
        assertEquals(List.of(), sci, "PWRBTN_EN clear: no SCI");
        pm.write(AcpiPm1Block.PM1_EN + 1, 1, AcpiPm1Block.STS_PWRBTN >> 8);
        assertEquals(List.of(true), sci, "the OS enables PWRBTN_EN: the pending press raises the SCI");
        assertTrue(pm.sciAsserted());
        pm.write(AcpiPm1Block.PM1_STS, 2, AcpiPm1Block.STS_TMR);
        assertEquals(List.of(true), sci, "writing 1 to another status bit leaves the line high");
        pm.write(AcpiPm1Block.PM1_STS, 2, AcpiPm1Block.STS_PWRBTN);
        assertEquals(List.of(true, false), sci, "the OS acknowledges: the level drops");
        assertEquals(0, pm.read(AcpiPm1Block.PM1_STS, 2));
        pm.pressPowerButton();
        assertEquals(List.of(true, false, true), sci, "a second press while enabled raises it again");
        pm.write(AcpiPm1Block.PM1_EN, 2, 0);
        assertEquals(List.of(true, false, true, false), sci, "disabling the event drops the line");
        assertEquals(List.of(), events, "the button alone powers nothing off: the OS does, through SLP_EN");
    }

    @Test
    void pmTimerCountsAt3579545Hz() {
        long[] now = {1_000};
        AcpiPmTimer t = new AcpiPmTimer(AcpiPmTimer.DEFAULT_PORT, () -> now[0]);
        assertEquals(0, t.read(0, 4));
        now[0] += 1_000_000_000L;
        assertEquals(3_579_545, t.read(0, 4));
        now[0] += 1_000_000_000L * 1200;
        assertEquals((3_579_545L * 1201) & 0xFFFF_FFFFL, t.read(0, 4), "wraps at 32 bits");
    }
}
