package io.jvtpm.tis.fifo;

import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.tis.register.Sts;

import java.util.Arrays;

/**
 * The command/response buffer and state machine behind TPM_STS and TPM_DATA_FIFO (PC Client
 * Platform TPM Profile for TPM 2.0, FIFO interface, the state transition table). One
 * transaction at a time, owned by the locality that started it. Not thread-safe: the device
 * guards it.
 */
public final class Fifo {
    /** The byte a FIFO read returns when no response byte is available. */
    public static final int NO_DATA = 0xFF;

    private final int bufferSize;
    private final byte[] command;
    private int writeOffset;
    private boolean expect;
    private byte[] response;
    private int readOffset;
    private FifoState state = FifoState.IDLE;
    private int owner = -1;
    private long transaction;
    private boolean selfTestDone;

    /** A FIFO whose command buffer holds {@code bufferSize} bytes (and responses up to that). */
    public Fifo(int bufferSize) {
        if (bufferSize < TpmWire.HEADER_SIZE || bufferSize > 0xFFFF) {
            throw new IllegalArgumentException("FIFO buffer size out of range: " + bufferSize);
        }
        this.bufferSize = bufferSize;
        this.command = new byte[bufferSize];
    }

    /** The largest command (and response) in bytes. */
    public int bufferSize() {
        return bufferSize;
    }

    /** The current state. */
    public FifoState state() {
        return state;
    }

    /** The locality that owns the current transaction, or -1 in IDLE. */
    public int owner() {
        return owner;
    }

    /** An id that changes whenever a transaction starts or is abandoned. */
    public long transaction() {
        return transaction;
    }

    /** The low byte of TPM_STS (and selfTestDone), without burstCount and tpmFamily. */
    public int statusFlags() {
        int flags = switch (state) {
            case IDLE -> 0;
            case READY -> Sts.COMMAND_READY;
            case RECEPTION -> Sts.STS_VALID | (expect ? Sts.EXPECT : 0);
            case EXECUTION -> Sts.STS_VALID;
            case COMPLETION -> Sts.STS_VALID | (readOffset < response.length ? Sts.DATA_AVAIL : 0);
        };
        return selfTestDone ? flags | Sts.SELF_TEST_DONE : flags;
    }

    /**
     * burstCount: the bytes the FIFO takes now without wait states (READY, RECEPTION while
     * Expect) or the response bytes left (COMPLETION); 0 otherwise.
     */
    public int burstCount() {
        return switch (state) {
            case READY -> bufferSize;
            case RECEPTION -> expect ? bufferSize - writeOffset : 0;
            case COMPLETION -> response.length - readOffset;
            default -> 0;
        };
    }

    /** dataAvail: in COMPLETION with response bytes left to read. */
    public boolean dataAvailable() {
        return state == FifoState.COMPLETION && readOffset < response.length;
    }

    /** commandReady written while IDLE, RECEPTION or COMPLETION: the FIFO becomes READY. */
    public void makeReady(int locality) {
        clear();
        state = FifoState.READY;
        owner = locality;
        transaction++;
    }

    /** Drops the transaction (abort, locality change, reset): back to IDLE. */
    public void abandon() {
        clear();
        state = FifoState.IDLE;
        owner = -1;
        transaction++;
    }

    /** A platform reset: IDLE and selfTestDone cleared. */
    public void reset() {
        abandon();
        selfTestDone = false;
    }

    private void clear() {
        writeOffset = 0;
        expect = false;
        response = null;
        readOffset = 0;
    }

    /**
     * One command byte written to the FIFO. Taken in READY (which starts RECEPTION) and in
     * RECEPTION while Expect; dropped otherwise. A byte past the buffer clears Expect and is
     * dropped. Returns true when Expect went from 1 to 0 (the command is complete).
     */
    public boolean writeByte(int value) {
        if (state == FifoState.READY) {
            state = FifoState.RECEPTION;
            expect = true;
        } else if (state != FifoState.RECEPTION || !expect) {
            return false;
        }
        if (writeOffset >= bufferSize) {
            expect = false;
            return true;
        }
        command[writeOffset++] = (byte) value;
        if (writeOffset >= 6) {
            long size = Integer.toUnsignedLong(TpmWire.u32(command, 2));
            if (writeOffset >= size) {
                expect = false;
                return true;
            }
        }
        return false;
    }

    /**
     * tpmGo: in RECEPTION with Expect = 0 the FIFO moves to EXECUTION and returns the command
     * bytes; otherwise null (the write is ignored).
     */
    public byte[] go() {
        if (state != FifoState.RECEPTION || expect) {
            return null;
        }
        state = FifoState.EXECUTION;
        return Arrays.copyOf(command, writeOffset);
    }

    /**
     * The TPM answered transaction {@code id}. Returns false (and changes nothing) when that
     * transaction was abandoned meanwhile.
     */
    public boolean complete(long id, byte[] rsp, boolean selfTestCompleted) {
        if (id != transaction || state != FifoState.EXECUTION) {
            return false;
        }
        response = rsp;
        readOffset = 0;
        state = FifoState.COMPLETION;
        if (selfTestCompleted) {
            selfTestDone = true;
        }
        return true;
    }

    /** Reads one response byte, or {@link #NO_DATA} when none is available. */
    public int readByte() {
        if (!dataAvailable()) {
            return NO_DATA;
        }
        return response[readOffset++] & 0xFF;
    }

    /** responseRetry: in COMPLETION the response can be read again from its first byte. */
    public void retryResponse() {
        if (state == FifoState.COMPLETION) {
            readOffset = 0;
        }
    }
}
