package io.jvtpm.ppi.policy;

import io.jvtpm.ppi.op.PpiOperation;
import java.util.Locale;
import java.util.Objects;

/**
 * What the host operator is asked to confirm: an operation the guest requested through TCG PPI
 * 1.3 that needs physical presence, with its parameter (PPRM).
 */
public record ConfirmationRequest(PpiOperation operation, long parameter) {

    public ConfirmationRequest {
        Objects.requireNonNull(operation, "operation");
    }

    /** One line for the operator, e.g. "The guest asks to clear the TPM (PPI operation 5)." */
    public String prompt() {
        return "The guest asks to " + action() + " (PPI operation " + operation.code() + ").";
    }

    private String action() {
        return switch (operation) {
            case NO_ACTION -> "do nothing";
            case CLEAR, ENABLE_CLEAR, ENABLE_CLEAR_2, ENABLE_CLEAR_3 ->
                    "clear the TPM (removes the owner's keys and authorization)";
            case SET_PP_REQUIRED_FOR_CLEAR_TRUE -> "require confirmation for future TPM clears";
            case SET_PP_REQUIRED_FOR_CLEAR_FALSE -> "stop requiring confirmation for TPM clears";
            case SET_PCR_BANKS -> String.format(Locale.ROOT,
                    "change the active PCR banks to bitmap 0x%x", parameter);
            case CHANGE_EPS -> "change the endorsement primary seed (invalidates the EK)";
            case SET_PP_REQUIRED_FOR_CHANGE_PCRS_FALSE -> "stop requiring confirmation for PCR bank changes";
            case SET_PP_REQUIRED_FOR_CHANGE_PCRS_TRUE -> "require confirmation for PCR bank changes";
            case SET_PP_REQUIRED_FOR_CHANGE_EPS_FALSE -> "stop requiring confirmation for endorsement seed changes";
            case SET_PP_REQUIRED_FOR_CHANGE_EPS_TRUE -> "require confirmation for endorsement seed changes";
            case LOG_ALL_DIGESTS -> "activate every PCR bank the TPM supports";
        };
    }
}
