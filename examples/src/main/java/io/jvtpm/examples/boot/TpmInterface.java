package io.jvtpm.examples.boot;

/** The guest's TPM interface (PC Client Platform TPM Profile: FIFO/TIS or CRB), or none. */
public enum TpmInterface {
    TIS,
    CRB,
    NONE
}
