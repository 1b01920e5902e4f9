package io.jvtpm.tis;

import io.jvtpm.engine.ptp.InterruptLine;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How a VMM wires a {@link TisDevice} (PC Client Platform TPM Profile for TPM 2.0, FIFO
 * interrupts and TPM_INT_VECTOR_x): the interrupt line, the vector TPM_INT_VECTOR reports, and
 * the executor that runs TPM commands off the vCPU thread.
 *
 * @param interrupt       the level-triggered line; {@link InterruptLine#NONE} when not wired
 * @param interruptVector what TPM_INT_VECTOR reads (0..15; 0 = no interrupt, as the ACPI _CRS says)
 * @param executor        runs commands that are not quick, one at a time; null = the device's
 *                        own daemon thread
 */
public record TisOptions(InterruptLine interrupt, int interruptVector, Executor executor) {

    public TisOptions {
        Objects.requireNonNull(interrupt, "interrupt");
        if (interruptVector < 0 || interruptVector > 15) {
            throw new IllegalArgumentException("TPM_INT_VECTOR holds 0..15, not " + interruptVector);
        }
    }

    /** No interrupt, the device's own command thread. */
    public static TisOptions defaults() {
        return new TisOptions(InterruptLine.NONE, 0, null);
    }

    /** These options with the interrupt line wired to {@code line} as vector {@code vector}. */
    public TisOptions withInterrupt(InterruptLine line, int vector) {
        return new TisOptions(line, vector, executor);
    }

    /** These options with commands run by {@code commandExecutor}. */
    public TisOptions withExecutor(Executor commandExecutor) {
        return new TisOptions(interrupt, interruptVector, commandExecutor);
    }
}
