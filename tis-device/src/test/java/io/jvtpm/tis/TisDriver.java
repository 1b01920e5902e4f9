package io.jvtpm.tis;

import io.jvtpm.tis.register.Access;
import io.jvtpm.tis.register.Interrupts;
import io.jvtpm.tis.register.Sts;
import io.jvtpm.tis.register.TisRegister;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * A guest driver double written from the PC Client Platform TPM Profile's FIFO protocol
 * (its FIFO protocol and the TCG device driver design principles' flows): request the locality, make the TPM
 * ready, send the command in bursts that honour burstCount, check Expect, tpmGo, wait for
 * dataAvail (polling STS or sleeping on the interrupt), read the response in bursts,
 * commandReady, relinquish. Transfers go byte-wise (as Linux), dword-wise, or through the
 * 64-byte XDATA FIFO with 8- and 4-byte accesses.
 */
final class TisDriver {
    enum Transfer { BYTE, DWORD, XDATA }

    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final TisDevice device;
    private final int locality;
    private final Transfer transfer;
    private final Semaphore interrupt;
    private final long base;
    int interruptsTaken;

    /** A polling driver. */
    TisDriver(TisDevice device, int locality, Transfer transfer) {
        this(device, locality, transfer, null);
    }

    /**
     * A driver that sleeps on {@code interrupt} (released by the device's line) instead of
     * polling; null = polling.
     */
    TisDriver(TisDevice device, int locality, Transfer transfer, Semaphore interrupt) {
        this.device = device;
        this.locality = locality;
        this.transfer = transfer;
        this.interrupt = interrupt;
        this.base = (long) locality * TisDevice.LOCALITY_STRIDE;
    }

    long reg(TisRegister r) {
        return base + r.offset();
    }

    int access() {
        return (int) device.read(reg(TisRegister.ACCESS), 1);
    }

    int sts() {
        return (int) device.read(reg(TisRegister.STS), 4);
    }

    int burstCount() {
        return (sts() >>> Sts.BURST_COUNT_SHIFT) & 0xFFFF;
    }

    /** Turns on all four interrupt sources and globalIntEnable for this locality. */
    void enableInterrupts() {
        device.write(reg(TisRegister.INT_ENABLE), 4,
                Interrupts.GLOBAL_INT_ENABLE | Interrupts.TYPE_POLARITY_LOW_LEVEL | Interrupts.ALL_SOURCES);
    }

    /** Reads TPM_INT_STATUS and writes the bits back to clear them, as an interrupt handler does. */
    int acknowledgeInterrupts() {
        int status = (int) device.read(reg(TisRegister.INT_STATUS), 4);
        device.write(reg(TisRegister.INT_STATUS), 4, status);
        return status;
    }

    void requestLocality() {
        device.write(reg(TisRegister.ACCESS), 1, Access.REQUEST_USE);
        await(() -> (access() & (Access.TPM_REG_VALID_STS | Access.ACTIVE_LOCALITY))
                == (Access.TPM_REG_VALID_STS | Access.ACTIVE_LOCALITY), "locality " + locality + " granted");
    }

    void relinquish() {
        device.write(reg(TisRegister.ACCESS), 1, Access.ACTIVE_LOCALITY);
    }

    void commandReady() {
        device.write(reg(TisRegister.STS), 1, Sts.COMMAND_READY);
    }

    /** Sends {@code command}, runs it, returns the response; leaves the TPM ready again. */
    byte[] transmit(byte[] command) {
        if ((sts() & Sts.COMMAND_READY) == 0) {
            commandReady();
            awaitSts(s -> (s & Sts.COMMAND_READY) != 0, "commandReady");
        }
        send(command);
        device.write(reg(TisRegister.STS), 1, Sts.TPM_GO);
        awaitSts(s -> (s & (Sts.STS_VALID | Sts.DATA_AVAIL)) == (Sts.STS_VALID | Sts.DATA_AVAIL), "dataAvail");
        byte[] response = receive();
        commandReady();
        return response;
    }

    private void send(byte[] command) {
        int sent = 0;
        while (sent < command.length) {
            int burst = awaitBurst();
            int chunk = Math.min(burst, command.length - sent);
            writeChunk(command, sent, chunk);
            sent += chunk;
            int s = sts();
            if ((s & Sts.STS_VALID) == 0) {
                throw new AssertionError("stsValid clear while sending");
            }
            boolean expect = (s & Sts.EXPECT) != 0;
            if (sent < command.length && !expect) {
                throw new AssertionError("TPM stopped expecting after " + sent + " of " + command.length + " bytes");
            }
            if (sent == command.length && expect) {
                throw new AssertionError("TPM still expects data after the whole command");
            }
        }
    }

    private void writeChunk(byte[] b, int from, int n) {
        switch (transfer) {
            case BYTE -> {
                for (int i = 0; i < n; i++) {
                    device.write(reg(TisRegister.DATA_FIFO), 1, b[from + i] & 0xFF);
                }
            }
            case DWORD -> {
                int i = 0;
                for (; i + 4 <= n; i += 4) {
                    device.write(reg(TisRegister.DATA_FIFO), 4, le(b, from + i, 4));
                }
                for (; i < n; i++) {
                    device.write(reg(TisRegister.DATA_FIFO), 1, b[from + i] & 0xFF);
                }
            }
            case XDATA -> {
                int i = 0;
                while (i < n) {
                    int window = i % 64;   // address inside the 64-byte XDATA FIFO
                    long at = reg(TisRegister.XDATA_FIFO) + window;
                    if (n - i >= 8 && window % 8 == 0) {
                        device.write(at, 8, le(b, from + i, 8));
                        i += 8;
                    } else if (n - i >= 4 && window % 4 == 0) {
                        device.write(at, 4, le(b, from + i, 4));
                        i += 4;
                    } else {
                        device.write(at, 1, b[from + i] & 0xFF);
                        i++;
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    private byte[] receive() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int expected = 10;
        while (out.size() < expected) {
            int burst = awaitBurst();
            int n = Math.min(burst, expected - out.size());
            readChunk(out, n);
            if (out.size() >= 6 && expected == 10) {
                byte[] h = out.toByteArray();
                expected = ((h[2] & 0xFF) << 24) | ((h[3] & 0xFF) << 16) | ((h[4] & 0xFF) << 8) | (h[5] & 0xFF);
                if (expected < 10 || expected > device.bufferSize()) {
                    throw new AssertionError("response size field " + expected);
                }
            }
        }
        int s = sts();
        if ((s & (Sts.STS_VALID | Sts.DATA_AVAIL)) != Sts.STS_VALID) {
            throw new AssertionError("dataAvail still set after the whole response: 0x" + Integer.toHexString(s));
        }
        return out.toByteArray();
    }

    private void readChunk(ByteArrayOutputStream out, int n) {
        int i = 0;
        switch (transfer) {
            case BYTE -> {
                for (; i < n; i++) {
                    out.write((int) device.read(reg(TisRegister.DATA_FIFO), 1));
                }
            }
            case DWORD -> {
                for (; i + 4 <= n; i += 4) {
                    putLe(out, device.read(reg(TisRegister.DATA_FIFO), 4), 4);
                }
                for (; i < n; i++) {
                    out.write((int) device.read(reg(TisRegister.DATA_FIFO), 1));
                }
            }
            case XDATA -> {
                while (i < n) {
                    int window = i % 64;
                    long at = reg(TisRegister.XDATA_FIFO) + window;
                    if (n - i >= 8 && window % 8 == 0) {
                        putLe(out, device.read(at, 8), 8);
                        i += 8;
                    } else if (n - i >= 2 && window % 2 == 0) {
                        putLe(out, device.read(at, 2), 2);
                        i += 2;
                    } else {
                        out.write((int) device.read(at, 1));
                        i++;
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    private int awaitBurst() {
        int[] burst = new int[1];
        awaitSts(s -> (burst[0] = (s >>> Sts.BURST_COUNT_SHIFT) & 0xFFFF) > 0, "burstCount > 0");
        return burst[0];
    }

    private void awaitSts(IntPredicate condition, String what) {
        await(() -> condition.test(sts()), what);
    }

    private void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; STS=0x" + Integer.toHexString(sts()));
            }
            if (interrupt != null) {
                try {
                    // sleep until the line is asserted: no polling in this mode
                    if (!interrupt.tryAcquire(TIMEOUT_NANOS, TimeUnit.NANOSECONDS)) {
                        throw new AssertionError("no interrupt while waiting for " + what);
                    }
                    acknowledgeInterrupts();
                    interruptsTaken++;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted");
                }
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private static long le(byte[] b, int from, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (b[from + i] & 0xFF) << (8 * i);
        }
        return v;
    }

    private static void putLe(ByteArrayOutputStream out, long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }
}
