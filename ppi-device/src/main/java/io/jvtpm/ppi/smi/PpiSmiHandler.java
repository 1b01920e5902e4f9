package io.jvtpm.ppi.smi;

import io.jvtpm.ppi.exec.PcrBank;
import io.jvtpm.ppi.exec.PpiExecutor;
import io.jvtpm.ppi.op.PpiOperation;
import io.jvtpm.ppi.page.PpiFuncStatus;
import io.jvtpm.ppi.page.PpiPage;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "virtual SMM handler" of the SMI flavour of the PPI {@code _DSM} (after EDK2's Tcg2Smm: ACPI
 * puts the request into a communication area and writes the SMI command port; the handler
 * answers before the write returns). The VMM calls {@link #onSmi(int)} from its write handler of
 * I/O port {@link #SMI_CMD_PORT} (FADT.SMI_CMD).
 *
 * <p>Mailbox, all in the PPI page: PPIP = the _DSM function (2, 7 or 8), the SMI request and
 * parameter words in res1 = the operation and its parameter; the handler leaves the function's
 * return value (TCG PPI 1.3 sections 8.2, 8.7, 8.8) in FRET and, when it accepts a request, writes
 * PPRQ and PPRM for the executor to find at the next reset. So a request that the host policy
 * blocks is refused at once: submit (function 2) answers 1, submit 2 (function 7) answers 3.
 */
public final class PpiSmiHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PpiSmiHandler.class);

    /** The I/O port the guest writes (APM control port, FADT.SMI_CMD). */
    public static final int SMI_CMD_PORT = 0xB2;
    /** The value this project's AML writes to {@link #SMI_CMD_PORT} to call the PPI handler. */
    public static final int DEFAULT_COMMAND = 0xA5;

    /** _DSM function 2: Submit TPM Operation Request to Pre-OS Environment. */
    public static final int FN_SUBMIT = 2;
    /** _DSM function 7: Submit TPM Operation Request to Pre-OS Environment 2. */
    public static final int FN_SUBMIT_2 = 7;
    /** _DSM function 8: Get User Confirmation Status for Operation. */
    public static final int FN_CONFIRMATION_STATUS = 8;

    /** Return value: success. */
    public static final int RET_SUCCESS = 0;
    /** Return value of functions 2 and 7: operation not implemented (or, for 2, blocked). */
    public static final int RET_NOT_IMPLEMENTED = 1;
    /** Return value of functions 2 and 7: general failure. */
    public static final int RET_GENERAL_FAILURE = 2;
    /** Return value of function 7: blocked by current BIOS settings. */
    public static final int RET_BLOCKED = 3;

    private final PpiPage page;
    private final PpiExecutor executor;
    private final int command;

    /** A handler that answers {@code command} written to the SMI port, for {@code executor}'s page. */
    public PpiSmiHandler(PpiExecutor executor, int command) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.page = executor.page();
        if (command < 0 || command > 0xFF) {
            throw new IllegalArgumentException("SMI command value must be a byte: " + command);
        }
        this.command = command;
    }

    /** A handler for {@link #DEFAULT_COMMAND}. */
    public PpiSmiHandler(PpiExecutor executor) {
        this(executor, DEFAULT_COMMAND);
    }

    /** The SMI command value this handler answers. */
    public int command() {
        return command;
    }

    /**
     * The guest wrote {@code value} to the SMI command port. Other values belong to other SMI
     * users and are ignored. Never throws for anything in the page.
     */
    public void onSmi(int value) {
        if ((value & 0xFF) != command) {
            return;
        }
        long function = page.ppip();
        long operation = page.smiRequest();
        long parameter = page.smiParameter();
        long ret;
        if (function == FN_SUBMIT) {
            ret = submit(operation, 0, false);
        } else if (function == FN_SUBMIT_2) {
            ret = submit(operation, parameter, true);
        } else if (function == FN_CONFIRMATION_STATUS) {
            ret = executor.statusOf(operation).code();
        } else {
            LOG.debug("PPI SMI for unknown _DSM function {}", function);
            ret = RET_GENERAL_FAILURE;
        }
        page.setFret(ret);
    }

    private long submit(long operation, long parameter, boolean second) {
        PpiFuncStatus status = executor.statusOf(operation);
        switch (status) {
            case NOT_IMPLEMENTED, BIOS_ONLY:
                return RET_NOT_IMPLEMENTED;
            case BLOCKED:
                return second ? RET_BLOCKED : RET_NOT_IMPLEMENTED;
            default:
                break;
        }
        if (operation == PpiOperation.SET_PCR_BANKS.code()
                && (!second || parameter == 0 || (parameter & ~PcrBank.ALL_BITS) != 0)) {
            return RET_GENERAL_FAILURE;
        }
        page.setPprq(operation);
        page.setPprm(second ? parameter : 0);
        return RET_SUCCESS;
    }
}
