package io.jvtpm.tis.fifo;

/**
 * The states of the FIFO interface's command/response cycle (PC Client Platform TPM Profile
 * for TPM 2.0, FIFO interface, the state transition table).
 */
public enum FifoState {
    /** No command in progress; commandReady = 0. */
    IDLE,
    /** commandReady = 1: the FIFO accepts the first byte of a command. */
    READY,
    /** Command bytes are arriving; Expect says whether more are wanted. */
    RECEPTION,
    /** tpmGo was written; the TPM executes the command. */
    EXECUTION,
    /** The response is in the FIFO; dataAvail while unread bytes remain. */
    COMPLETION
}
