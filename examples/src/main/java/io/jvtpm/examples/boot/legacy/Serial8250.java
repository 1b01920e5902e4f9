package io.jvtpm.examples.boot.legacy;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A National Semiconductor 16550A UART (PC16550D data sheet: RBR/THR, IER, IIR/FCR, LCR, MCR,
 * LSR, MSR, SCR, the DLAB divisor latch, 16-byte FIFOs), as the PC's COM1 at 0x3F8 on IRQ 4.
 * Transmission is instant: bytes written to THR go to the output stream (or, in loopback, back
 * to the receiver). Received bytes come from {@link #receive(int)}. The interrupt output is
 * gated by MCR.OUT2, as PC boards wire it, and is off in loopback (OUT2 forced inactive).
 *
 * <p>It answers Linux's 8250 autoconfig as a 16550A: the IER write-back test, the loopback
 * MSR test, IIR bits 7:6 = 11 once FIFOs are enabled, no EFR, no 64-byte FIFO, no UUE bit.
 */
public final class Serial8250 implements PortDevice {

    private static final Logger LOG = LoggerFactory.getLogger(Serial8250.class);

    public static final int COM1 = 0x3F8;
    public static final int COM1_IRQ = 4;
    public static final int FIFO_SIZE = 16;

    public static final int RBR_THR = 0;
    public static final int IER = 1;
    public static final int IIR_FCR = 2;
    public static final int LCR = 3;
    public static final int MCR = 4;
    public static final int LSR = 5;
    public static final int MSR = 6;
    public static final int SCR = 7;

    public static final int IER_RDI = 0x01;
    public static final int IER_THRI = 0x02;
    public static final int IER_RLSI = 0x04;
    public static final int IER_MSI = 0x08;

    public static final int IIR_NO_INT = 0x01;
    public static final int IIR_MSI = 0x00;
    public static final int IIR_THRI = 0x02;
    public static final int IIR_RDI = 0x04;
    public static final int IIR_RLSI = 0x06;
    public static final int IIR_TIMEOUT = 0x0C;
    public static final int IIR_FIFO_ENABLED = 0xC0;

    public static final int FCR_ENABLE_FIFO = 0x01;
    public static final int FCR_CLEAR_RCVR = 0x02;
    public static final int FCR_CLEAR_XMIT = 0x04;

    public static final int LCR_DLAB = 0x80;

    public static final int MCR_DTR = 0x01;
    public static final int MCR_RTS = 0x02;
    public static final int MCR_OUT1 = 0x04;
    public static final int MCR_OUT2 = 0x08;
    public static final int MCR_LOOP = 0x10;

    public static final int LSR_DR = 0x01;
    public static final int LSR_OE = 0x02;
    public static final int LSR_BI = 0x10;
    public static final int LSR_THRE = 0x20;
    public static final int LSR_TEMT = 0x40;

    public static final int MSR_DCTS = 0x01;
    public static final int MSR_DDSR = 0x02;
    public static final int MSR_TERI = 0x04;
    public static final int MSR_DDCD = 0x08;
    public static final int MSR_CTS = 0x10;
    public static final int MSR_DSR = 0x20;
    public static final int MSR_RI = 0x40;
    public static final int MSR_DCD = 0x80;

    private static final int[] TRIGGER_LEVELS = {1, 4, 8, 14};

    private final int base;
    private final OutputStream out;
    private final InterruptLine irq;

    private final ArrayDeque<Integer> rx = new ArrayDeque<>();
    private int ier;
    private int lcr;
    private int mcr;
    private int lsrErrors;
    private int msr;
    private int scr;
    private int dll = 0x0C;
    private int dlm;
    private int fcr;
    private boolean thrInterruptPending;
    private boolean irqLevel;
    private boolean outputFailed;

    /**
     * A UART at {@code base} whose transmitter writes to {@code out} (flushed per byte) and
     * whose interrupt output drives {@code irq}.
     */
    public Serial8250(int base, OutputStream out, InterruptLine irq) {
        this.base = base;
        this.out = out;
        this.irq = irq;
        this.msr = modemInputs(0);
    }

    @Override
    public int basePort() {
        return base;
    }

    @Override
    public int portCount() {
        return 8;
    }

    @Override
    public synchronized long read(long offset, int size) {
        int v = switch ((int) offset) {
            case RBR_THR -> (lcr & LCR_DLAB) != 0 ? dll : readRbr();
            case IER -> (lcr & LCR_DLAB) != 0 ? dlm : ier;
            case IIR_FCR -> readIir();
            case LCR -> lcr;
            case MCR -> mcr;
            case LSR -> readLsr();
            case MSR -> readMsr();
            case SCR -> scr;
            default -> 0xFF;
        };
        updateIrq();
        return PortBits.widen(v, size);
    }

    @Override
    public synchronized void write(long offset, int size, long value) {
        int v = (int) (value & 0xFF);
        switch ((int) offset) {
            case RBR_THR -> {
                if ((lcr & LCR_DLAB) != 0) {
                    dll = v;
                } else {
                    transmit(v);
                }
            }
            case IER -> {
                if ((lcr & LCR_DLAB) != 0) {
                    dlm = v;
                } else {
                    int old = ier;
                    ier = v & 0x0F;
                    if ((ier & IER_THRI) != 0 && (old & IER_THRI) == 0) {
                        thrInterruptPending = true;
                    }
                }
            }
            case IIR_FCR -> writeFcr(v);
            case LCR -> lcr = v;
            case MCR -> writeMcr(v & 0x1F);
            case SCR -> scr = v;
            default -> LOG.debug("write 0x{} to read-only UART register {} ignored", Integer.toHexString(v), offset);
        }
        updateIrq();
    }

    /**
     * Delivers one received byte, waiting while the receive FIFO (or, without FIFOs, the holding
     * register) is full so that fast input is not lost. In loopback the line is disconnected:
     * the byte is dropped.
     */
    public void receive(int b) throws InterruptedException {
        synchronized (this) {
            while ((mcr & MCR_LOOP) == 0 && rx.size() >= rxCapacity()) {
                wait();
            }
            if ((mcr & MCR_LOOP) != 0) {
                return;
            }
            rx.addLast(b & 0xFF);
            updateIrq();
        }
    }

    /** Whether the interrupt output is asserted now. */
    public synchronized boolean interruptAsserted() {
        return irqLevel;
    }

    private int rxCapacity() {
        return (fcr & FCR_ENABLE_FIFO) != 0 ? FIFO_SIZE : 1;
    }

    private int readRbr() {
        Integer b = rx.pollFirst();
        notifyAll();
        return b == null ? 0 : b;
    }

    private int readLsr() {
        int v = LSR_THRE | LSR_TEMT | lsrErrors | (rx.isEmpty() ? 0 : LSR_DR);
        lsrErrors = 0;
        return v;
    }

    private int readMsr() {
        int v = msr;
        msr &= 0xF0;
        return v;
    }

    private int readIir() {
        int id = pendingInterrupt();
        if (id == IIR_THRI) {
            thrInterruptPending = false;
        }
        return id | ((fcr & FCR_ENABLE_FIFO) != 0 ? IIR_FIFO_ENABLED : 0);
    }

    /** The highest-priority pending interrupt's IIR code, or IIR_NO_INT (data sheet table 4). */
    private int pendingInterrupt() {
        if ((ier & IER_RLSI) != 0 && lsrErrors != 0) {
            return IIR_RLSI;
        }
        if ((ier & IER_RDI) != 0 && !rx.isEmpty()) {
            boolean fifo = (fcr & FCR_ENABLE_FIFO) != 0;
            return !fifo || rx.size() >= TRIGGER_LEVELS[(fcr >>> 6) & 3] ? IIR_RDI : IIR_TIMEOUT;
        }
        if ((ier & IER_THRI) != 0 && thrInterruptPending) {
            return IIR_THRI;
        }
        if ((ier & IER_MSI) != 0 && (msr & 0x0F) != 0) {
            return IIR_MSI;
        }
        return IIR_NO_INT;
    }

    private void transmit(int v) {
        thrInterruptPending = false;
        updateIrq();
        if ((mcr & MCR_LOOP) != 0) {
            if (rx.size() < rxCapacity()) {
                rx.addLast(v);
            } else {
                lsrErrors |= LSR_OE;
            }
        } else if (!outputFailed) {
            try {
                out.write(v);
                out.flush();
            } catch (IOException e) {
                outputFailed = true;
                LOG.warn("serial output failed, further output is dropped: {}", e.getMessage());
            }
        }
        thrInterruptPending = true;
    }

    private void writeFcr(int v) {
        if (((v ^ fcr) & FCR_ENABLE_FIFO) != 0 || (v & FCR_CLEAR_RCVR) != 0) {
            rx.clear();
            notifyAll();
        }
        fcr = v & 0xC9 & ((v & FCR_ENABLE_FIFO) != 0 ? 0xFF : 0);
    }

    private void writeMcr(int v) {
        int oldInputs = msr & 0xF0;
        mcr = v;
        int inputs = modemInputs(v);
        int delta = 0;
        if (((oldInputs ^ inputs) & MSR_CTS) != 0) {
            delta |= MSR_DCTS;
        }
        if (((oldInputs ^ inputs) & MSR_DSR) != 0) {
            delta |= MSR_DDSR;
        }
        if ((oldInputs & MSR_RI) != 0 && (inputs & MSR_RI) == 0) {
            delta |= MSR_TERI;
        }
        if (((oldInputs ^ inputs) & MSR_DCD) != 0) {
            delta |= MSR_DDCD;
        }
        msr = inputs | (msr & 0x0F) | delta;
        if ((v & MCR_LOOP) != 0) {
            notifyAll();
        }
    }

    /**
     * The modem status inputs: in loopback DTR→DSR, RTS→CTS, OUT1→RI, OUT2→DCD; otherwise a
     * connected, ready terminal (CTS, DSR, DCD asserted).
     */
    private static int modemInputs(int mcr) {
        if ((mcr & MCR_LOOP) == 0) {
            return MSR_CTS | MSR_DSR | MSR_DCD;
        }
        int v = 0;
        if ((mcr & MCR_DTR) != 0) {
            v |= MSR_DSR;
        }
        if ((mcr & MCR_RTS) != 0) {
            v |= MSR_CTS;
        }
        if ((mcr & MCR_OUT1) != 0) {
            v |= MSR_RI;
        }
        if ((mcr & MCR_OUT2) != 0) {
            v |= MSR_DCD;
        }
        return v;
    }

    private void updateIrq() {
        boolean level = pendingInterrupt() != IIR_NO_INT && (mcr & (MCR_OUT2 | MCR_LOOP)) == MCR_OUT2;
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }
}
