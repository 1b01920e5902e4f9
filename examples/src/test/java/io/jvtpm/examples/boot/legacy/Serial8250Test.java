package io.jvtpm.examples.boot.legacy;

import static io.jvtpm.examples.boot.legacy.Serial8250.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class Serial8250Test {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Boolean> edges = new ArrayList<>();
    private final Serial8250 uart = new Serial8250(COM1, out, edges::add);

    private int in(int reg) {
        return (int) uart.read(reg, 1);
    }

    private void outb(int reg, int v) {
        uart.write(reg, 1, v);
    }

    /** Linux 8250_port.c autoconfig(), step by step, must end in "16550A". */
    @Test
    void linuxAutoconfigFindsA16550A() {
        int scratch = in(IER);
        outb(IER, 0);
        int scratch2 = in(IER) & 0x0F;
        outb(IER, 0x0F);
        int scratch3 = in(IER) & 0x0F;
        outb(IER, scratch);
        assertEquals(0, scratch2);
        assertEquals(0x0F, scratch3);

        int saveMcr = in(MCR);
        outb(MCR, MCR_LOOP | 0x0A);
        assertEquals(0x90, in(MSR) & 0xF0, "loopback: RTS->CTS, OUT2->DCD");
        outb(MCR, saveMcr);

        outb(LCR, 0xBF);
        outb(IIR_FCR, 0);
        outb(LCR, 0);
        outb(IIR_FCR, FCR_ENABLE_FIFO);
        assertEquals(3, in(IIR_FCR) >> 6, "FIFOs enabled: a 16550A");

        outb(LCR, 0x80);
        assertTrue(in(IIR_FCR) != 0, "no EFR behind DLAB");
        outb(LCR, 0xBF);
        assertTrue(in(IIR_FCR) != 0, "no EFR in config mode B");

        outb(LCR, 0);
        outb(IIR_FCR, FCR_ENABLE_FIFO | 0x20);
        int s1 = in(IIR_FCR) >> 5;
        outb(IIR_FCR, FCR_ENABLE_FIFO);
        outb(LCR, 0x80);
        outb(IIR_FCR, FCR_ENABLE_FIFO | 0x20);
        int s2 = in(IIR_FCR) >> 5;
        outb(IIR_FCR, FCR_ENABLE_FIFO);
        outb(LCR, 0);
        assertFalse(s1 == 6 && s2 == 7, "not a 16750");

        int iersave = in(IER);
        outb(IER, iersave | 0x40);
        assertEquals(0, in(IER) & 0x40, "no XScale UUE bit");
        outb(IER, iersave);
    }

    @Test
    void divisorLatchAndScratch() {
        outb(LCR, LCR_DLAB | 0x03);
        outb(RBR_THR, 0x01);
        outb(IER, 0x00);
        assertEquals(0x01, in(RBR_THR));
        assertEquals(0x00, in(IER));
        outb(LCR, 0x03);
        assertEquals(0, in(IER), "IER is not the divisor");
        outb(SCR, 0x5A);
        assertEquals(0x5A, in(SCR));
        assertEquals(0, out.size(), "divisor writes do not transmit");
    }

    @Test
    void transmitsAndRaisesThreInterruptWhenOut2() {
        outb(MCR, MCR_OUT2 | MCR_DTR | MCR_RTS);
        for (byte b : "hi\n".getBytes(StandardCharsets.US_ASCII)) {
            assertTrue((in(LSR) & LSR_THRE) != 0);
            outb(RBR_THR, b);
        }
        assertEquals("hi\n", out.toString(StandardCharsets.US_ASCII));
        assertTrue(edges.isEmpty(), "IER is 0: no interrupt");

        outb(IER, IER_THRI);
        assertEquals(List.of(true), edges);
        assertEquals(IIR_THRI, in(IIR_FCR) & 0x0F);
        assertEquals(List.of(true, false), edges, "reading IIR clears a THRE interrupt");
        assertEquals(IIR_NO_INT, in(IIR_FCR) & 0x0F);
        outb(RBR_THR, 'x');
        assertEquals(List.of(true, false, true), edges, "a new edge once the byte is sent");
    }

    @Test
    void interruptIsGatedByOut2() {
        outb(MCR, 0);
        outb(IER, IER_THRI);
        assertEquals(IIR_THRI, in(IIR_FCR) & 0x0F, "pending inside the UART");
        assertFalse(uart.interruptAsserted());
        assertTrue(edges.isEmpty());
    }

    @Test
    void receivesWithFifoTriggerAndTimeout() throws InterruptedException {
        outb(MCR, MCR_OUT2);
        outb(IIR_FCR, FCR_ENABLE_FIFO | 0x40);
        outb(IER, IER_RDI);
        uart.receive('a');
        assertTrue(uart.interruptAsserted());
        assertEquals(IIR_TIMEOUT | IIR_FIFO_ENABLED, in(IIR_FCR), "below the 4-byte trigger: timeout id");
        uart.receive('b');
        uart.receive('c');
        uart.receive('d');
        assertEquals(IIR_RDI | IIR_FIFO_ENABLED, in(IIR_FCR));
        StringBuilder got = new StringBuilder();
        while ((in(LSR) & LSR_DR) != 0) {
            got.append((char) in(RBR_THR));
        }
        assertEquals("abcd", got.toString());
        assertFalse(uart.interruptAsserted());
        assertEquals(0xC1, in(IIR_FCR));
    }

    @Test
    void loopbackEchoesWithoutOutput() {
        outb(MCR, MCR_LOOP);
        outb(RBR_THR, 0x42);
        assertEquals(0, out.size());
        assertTrue((in(LSR) & LSR_DR) != 0);
        assertEquals(0x42, in(RBR_THR));
        outb(RBR_THR, 1);
        outb(RBR_THR, 2);
        assertTrue((in(LSR) & LSR_OE) != 0, "without FIFO the second byte overruns");
        assertEquals(0, in(LSR) & LSR_OE, "reading LSR clears the overrun");
    }

    @Test
    void receiveWaitsForRoomInsteadOfDropping() throws Exception {
        Thread t = new Thread(() -> {
            try {
                for (int i = 0; i < 3; i++) {
                    uart.receive('0' + i);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        StringBuilder got = new StringBuilder();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (got.length() < 3 && System.nanoTime() < deadline) {
            if ((in(LSR) & LSR_DR) != 0) {
                got.append((char) in(RBR_THR));
            } else {
                Thread.onSpinWait();
            }
        }
        t.join(10_000);
        assertEquals("012", got.toString());
        assertEquals(0, in(LSR) & LSR_OE);
    }

    @Test
    void wideAndUnknownAccessesDoNotThrow() {
        assertEquals(0xFFFFFF60L, uart.read(LSR, 4));
        assertEquals(0xFFFFL & (0xFF00 | in(LSR)), uart.read(LSR, 2));
        uart.write(LSR, 1, 0xFF);
        uart.write(MSR, 1, 0xFF);
        assertEquals(0xFF, uart.read(9, 1));
    }
}
