package io.jvtpm.crb;

import io.jvtpm.crb.regs.CrbInterrupt;
import io.jvtpm.crb.regs.CrbRegister;
import io.jvtpm.crb.regs.LocState;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A guest driver double written from the PC Client Platform TPM Profile's CRB flow (section
 * 6.5.3 and its "command/response" sequence): request the locality, cmdReady, write the command to
 * the buffer the control area names, CTRL_START, wait for CTRL_START to read 0 (polling, or the
 * START interrupt), check tpmSts, read the response header then the rest, goIdle, relinquish.
 * It accesses registers 32 bits wide, as Linux's tpm_crb does, and fails loudly on anything a
 * driver would treat as an error.
 */
final class CrbGuestDriver {

    /** How the driver waits for CTRL_START to clear. */
    enum Wait { POLL, INTERRUPT }

    private final CrbDevice device;
    private final int locality;
    private final Wait wait;
    private final Semaphore interrupts;
    private final long page;
    /** Guest RAM outside the window (an external buffer), at {@link #ramBase}; null if none. */
    private ByteBuffer ram;
    private long ramBase;

    /** A driver for {@code locality}; with {@link Wait#INTERRUPT}, {@code interrupts} gets a permit per assertion. */
    CrbGuestDriver(CrbDevice device, int locality, Wait wait, Semaphore interrupts) {
        this.device = device;
        this.locality = locality;
        this.wait = wait;
        this.interrupts = interrupts;
        this.page = (long) locality * CrbDevice.LOCALITY_STRIDE;
    }

    CrbGuestDriver(CrbDevice device, int locality) {
        this(device, locality, Wait.POLL, null);
    }

    /** Gives the driver guest RAM at {@code base}: buffer addresses in it are memory, not the device. */
    CrbGuestDriver withRam(long base, ByteBuffer memory) {
        this.ramBase = base;
        this.ram = memory.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    private boolean inRam(long address) {
        return ram != null && address >= ramBase && address < ramBase + ram.capacity();
    }

    /** A write at guest-physical {@code address}: RAM, or the device's window. */
    private void write(long address, int size, long value) {
        if (!inRam(address)) {
            device.write(address - device.baseAddress(), size, value);
            return;
        }
        for (int k = 0; k < size; k++) {
            ram.put((int) (address - ramBase) + k, (byte) (value >>> (8 * k)));
        }
    }

    private long read(long address, int size) {
        if (!inRam(address)) {
            return device.read(address - device.baseAddress(), size);
        }
        long v = 0;
        for (int k = 0; k < size; k++) {
            v |= (ram.get((int) (address - ramBase) + k) & 0xFFL) << (8 * k);
        }
        return v;
    }

    int reg(CrbRegister r) {
        return (int) device.read(page + r.offset(), 4);
    }

    void reg(CrbRegister r, int value) {
        device.write(page + r.offset(), 4, value & 0xFFFF_FFFFL);
    }

    void requestLocality() {
        reg(CrbRegister.LOC_CTRL, 1);
        int state = reg(CrbRegister.LOC_STATE);
        int want = LocState.TPM_REG_VALID_STS | LocState.LOC_ASSIGNED | locality << LocState.ACTIVE_LOCALITY_SHIFT;
        int mask = LocState.TPM_REG_VALID_STS | LocState.LOC_ASSIGNED | 7 << LocState.ACTIVE_LOCALITY_SHIFT;
        if ((state & mask) != want || (reg(CrbRegister.LOC_STS) & 1) == 0) {
            throw new IllegalStateException("locality " + locality + " not granted: LOC_STATE 0x" + Integer.toHexString(state));
        }
    }

    void relinquish() {
        reg(CrbRegister.LOC_CTRL, 2);
        if ((reg(CrbRegister.LOC_STS) & 1) != 0) {
            throw new IllegalStateException("locality " + locality + " still granted after relinquish");
        }
    }

    void cmdReady() {
        reg(CrbRegister.CTRL_REQ, 1);
        pollClear(CrbRegister.CTRL_REQ, 1);
        if ((reg(CrbRegister.CTRL_STS) & 2) != 0) {
            throw new IllegalStateException("tpmIdle still set after cmdReady");
        }
    }

    void goIdle() {
        reg(CrbRegister.CTRL_REQ, 2);
        pollClear(CrbRegister.CTRL_REQ, 2);
        if ((reg(CrbRegister.CTRL_STS) & 2) == 0) {
            throw new IllegalStateException("tpmIdle not set after goIdle");
        }
    }

    /** Sends one command; the locality is held and the TPM is Ready. */
    byte[] send(byte[] command) {
        long cmdAddr = (reg(CrbRegister.CTRL_CMD_HADDR) & 0xFFFF_FFFFL) << 32 | (reg(CrbRegister.CTRL_CMD_LADDR) & 0xFFFF_FFFFL);
        int cmdSize = reg(CrbRegister.CTRL_CMD_SIZE);
        if (command.length > cmdSize) {
            throw new IllegalArgumentException("command of " + command.length + " bytes > buffer " + cmdSize);
        }
        int i = 0;
        for (; i + 4 <= command.length; i += 4) {
            long v = (command[i] & 0xFFL) | (command[i + 1] & 0xFFL) << 8 | (command[i + 2] & 0xFFL) << 16 | (command[i + 3] & 0xFFL) << 24;
            write(cmdAddr + i, 4, v);
        }
        for (; i < command.length; i++) {
            write(cmdAddr + i, 1, command[i] & 0xFFL);
        }
        reg(CrbRegister.CTRL_CANCEL, 0);
        if (wait == Wait.INTERRUPT) {
            reg(CrbRegister.CTRL_INT_ENABLE, CrbInterrupt.GLOBAL_ENABLE | CrbInterrupt.START.mask());
        }
        reg(CrbRegister.CTRL_START, 1);
        if (wait == Wait.INTERRUPT) {
            try {
                if (!interrupts.tryAcquire(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no START interrupt");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if ((reg(CrbRegister.CTRL_START) & 1) != 0) {
                throw new IllegalStateException("interrupt while CTRL_START still reads 1");
            }
            reg(CrbRegister.CTRL_INT_STS, CrbInterrupt.START.mask());
        } else {
            pollClear(CrbRegister.CTRL_START, 1);
        }
        if ((reg(CrbRegister.CTRL_STS) & 1) != 0) {
            throw new IllegalStateException("tpmSts: fatal error");
        }
        long rspAddr = (reg(CrbRegister.CTRL_RSP_ADDR) & 0xFFFF_FFFFL)
                | (device.read(page + CrbRegister.CTRL_RSP_ADDR.offset() + 4, 4) << 32);
        int rspSize = reg(CrbRegister.CTRL_RSP_SIZE);
        long first = read(rspAddr, 8);
        byte[] head = new byte[8];
        for (int k = 0; k < 8; k++) {
            head[k] = (byte) (first >>> (8 * k));
        }
        int size = (head[2] & 0xFF) << 24 | (head[3] & 0xFF) << 16 | (head[4] & 0xFF) << 8 | (head[5] & 0xFF);
        if (size < 10 || size > rspSize) {
            throw new IllegalStateException("response size " + size + " outside 10.." + rspSize);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.write(head, 0, 8);
        for (int k = 8; k < size; k++) {
            out.write((int) read(rspAddr + k, 1));
        }
        return out.toByteArray();
    }

    /** One whole transaction as Linux's tpm_crb makes it. */
    byte[] transact(byte[] command) {
        requestLocality();
        cmdReady();
        byte[] rsp = send(command);
        goIdle();
        relinquish();
        return rsp;
    }

    private void pollClear(CrbRegister r, int bits) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((reg(r) & bits) != 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(r + " did not clear");
            }
            Thread.onSpinWait();
        }
    }
}
