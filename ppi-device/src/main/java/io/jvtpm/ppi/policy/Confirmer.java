package io.jvtpm.ppi.policy;

/**
 * Asks the host operator, who stands in for the physically present user of TCG PPI 1.3, whether
 * an operation may run. The executor waits a bounded time for the answer; no answer, an exception
 * or false all mean no.
 */
@FunctionalInterface
public interface Confirmer {

    /**
     * True when the operator agrees to {@code request}. May block; the caller interrupts the
     * thread when its timeout passes.
     */
    boolean confirm(ConfirmationRequest request) throws Exception;

    /** A confirmer that always says no (no operator present). */
    static Confirmer refuseAll() {
        return request -> false;
    }
}
